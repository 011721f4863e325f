package dev.mamori.cli;

import dev.mamori.eval.report.Table;

import java.util.List;

/** A report table as aligned plain text for the terminal. */
final class TableText {
    private TableText() {}

    static String render(Table t) {
        List<String> header = t.displayHeader();
        List<List<String>> rows = t.displayRows();
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) w[i] = Math.max(w[i], r.get(i).length());
        }
        StringBuilder sb = new StringBuilder(t.title()).append('\n');
        appendRow(sb, header, w);
        for (List<String> r : rows) appendRow(sb, r, w);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) sb.append(String.format("%-" + w[i] + "s  ", cells.get(i)));
        sb.append('\n');
    }
}
