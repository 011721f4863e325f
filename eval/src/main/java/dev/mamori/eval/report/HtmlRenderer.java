package dev.mamori.eval.report;

import java.util.List;

/** report.html: one self-contained page (inline CSS, no scripts, nothing fetched); figures are relative PNG files. */
final class HtmlRenderer {
    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; max-width: 60rem;
                   margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
            h1 { border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
            h2 { margin-top: 2.2rem; border-bottom: 1px solid #eee; }
            table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; }
            caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
            th, td { border: 1px solid #ccc; padding: .25rem .6rem; vertical-align: top; }
            th { background: #f4f4f4; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            figure { margin: 1.5rem 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { color: #555; font-size: .9rem; }
            """;

    private HtmlRenderer() {}

    static String render(ExperimentReport report, RuntimeVersions versions, String created) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(report.name())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>").append(escape(report.name())).append("</h1>\n");
        // Content added before the first section is an introduction: it comes right under the title.
        for (Section s : report.sections()) if (s.title() == null) blocks(h, s);
        for (Table t : report.overviewTables(versions, created)) {
            h.append("<h2>").append(escape(t.title())).append("</h2>\n");
            table(h, t, false);
        }
        for (Section s : report.sections()) {
            if (s.title() == null) continue;
            h.append("<section>\n<h2>").append(escape(s.title())).append("</h2>\n");
            blocks(h, s);
            h.append("</section>\n");
        }
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void blocks(StringBuilder h, Section s) {
        for (Object block : s.blocks()) {
            if (block instanceof String text) h.append("<p>").append(escape(text.strip())).append("</p>\n");
            else if (block instanceof Table t) table(h, t, true);
            else if (block instanceof Figure f) {
                h.append("<figure>\n<img src=\"").append(escape(f.relativePath())).append("\" alt=\"").append(escape(f.caption()))
                        .append("\" width=\"").append(f.image().getWidth()).append("\" height=\"").append(f.image().getHeight()).append("\">\n");
                if (!f.caption().isEmpty()) h.append("<figcaption>").append(escape(f.caption())).append("</figcaption>\n");
                h.append("</figure>\n");
            }
        }
    }

    private static void table(StringBuilder h, Table t, boolean withCaption) {
        List<Boolean> numeric = t.displayNumeric();
        h.append("<table>\n");
        if (withCaption) h.append("<caption>").append(escape(t.title())).append("</caption>\n");
        h.append("<thead><tr>");
        for (String col : t.displayHeader()) h.append("<th>").append(escape(col)).append("</th>");
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.displayRows()) {
            h.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                h.append(numeric.get(c) ? "<td class=\"num\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
