package dev.mamori.eval.report;

import java.util.List;

/** report.md: title, introduction, the overview tables, then each section with its paragraphs, tables and figures. */
final class MarkdownRenderer {
    private MarkdownRenderer() {}

    static String render(ExperimentReport report, RuntimeVersions versions, String created) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(report.name())).append("\n\n");
        // Content added before the first section is an introduction: it comes right under the title.
        for (Section s : report.sections()) if (s.title() == null) blocks(md, s);
        for (Table t : report.overviewTables(versions, created)) {
            md.append("## ").append(inline(t.title())).append("\n\n");
            table(md, t, false);
        }
        for (Section s : report.sections()) {
            if (s.title() == null) continue;
            md.append("## ").append(inline(s.title())).append("\n\n");
            blocks(md, s);
        }
        return md.toString();
    }

    private static void blocks(StringBuilder md, Section s) {
        for (Object block : s.blocks()) {
            if (block instanceof String text) md.append(text.strip()).append("\n\n");
            else if (block instanceof Table t) table(md, t, true);
            else if (block instanceof Figure f) {
                md.append("![").append(inline(f.caption())).append("](").append(f.relativePath()).append(")\n\n");
                if (!f.caption().isEmpty()) md.append("*").append(inline(f.caption())).append("*\n\n");
            }
        }
    }

    private static void table(StringBuilder md, Table t, boolean withTitle) {
        if (withTitle) md.append("**").append(inline(t.title())).append("**\n\n");
        List<String> header = t.displayHeader();
        List<Boolean> numeric = t.displayNumeric();
        md.append('|');
        for (String h : header) md.append(' ').append(cell(h)).append(" |");
        md.append("\n|");
        for (boolean n : numeric) md.append(n ? " ---: |" : " --- |");
        md.append('\n');
        for (List<String> row : t.displayRows()) {
            md.append('|');
            for (String c : row) md.append(' ').append(cell(c)).append(" |");
            md.append('\n');
        }
        md.append('\n');
    }

    /** A table cell: pipes would end the cell and newlines the row. */
    private static String cell(String s) {
        return inline(s).replace("|", "\\|");
    }

    private static String inline(String s) {
        return s.replace("\r", "").replace("\n", " ");
    }
}
