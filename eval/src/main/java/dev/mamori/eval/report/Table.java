package dev.mamori.eval.report;

import dev.mamori.eval.metrics.Confidence;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A titled table: a header and rows of cells. A cell is a String, a Number, a Boolean, a {@link Proportion}, an
 * {@link Estimate}, a {@link Summary}, an {@link Interval}, or null (empty). Columns holding proportions or estimates
 * get a confidence-interval column next to them in report.md/html (turn off with {@link #showIntervals(boolean)});
 * results.json always has the raw values with their intervals.
 */
public final class Table {
    private final String title;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private double confidence = Confidence.DEFAULT;
    private boolean showIntervals = true;

    private Table(String title, List<String> columns) {
        this.title = title;
        this.columns = columns;
    }

    public static Table of(String title, String... columns) {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("a table needs a title");
        if (columns.length == 0) throw new IllegalArgumentException("table '" + title + "' needs at least one column");
        return new Table(title, List.copyOf(Arrays.asList(columns)));
    }

    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("table '" + title + "' row " + rows.size() + " has " + cells.length
                    + " cells, expected " + columns.size() + " " + columns);
        }
        for (int c = 0; c < cells.length; c++) checkCell(cells[c], "table '" + title + "' row " + rows.size() + " column '" + columns.get(c) + "'");
        rows.add(Collections.unmodifiableList(new ArrayList<>(Arrays.asList(cells))));
        return this;
    }

    /** Confidence level of the Wilson intervals shown for proportions (default 0.95). */
    public Table confidence(double level) {
        Confidence.zScore(level); // validates
        this.confidence = level;
        return this;
    }

    public Table showIntervals(boolean show) {
        this.showIntervals = show;
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public double confidence() {
        return confidence;
    }

    /** Header as displayed: each column with intervals is followed by "<column> 95% CI". */
    public List<String> displayHeader() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            out.add(columns.get(c));
            if (hasIntervalColumn(c)) out.add(columns.get(c) + " " + Formats.confidenceLevel(confidence) + " CI");
        }
        return out;
    }

    /** Rows as displayed, matching {@link #displayHeader()}. */
    public List<List<String>> displayRows() {
        List<List<String>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                cells.add(Formats.value(row.get(c)));
                if (hasIntervalColumn(c)) cells.add(Formats.intervalOf(row.get(c), confidence));
            }
            out.add(cells);
        }
        return out;
    }

    /** Per displayed column: true when every non-empty cell is a number (right-aligned). */
    public List<Boolean> displayNumeric() {
        List<Boolean> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            boolean numeric = true;
            boolean any = false;
            for (List<Object> row : rows) {
                Object v = row.get(c);
                if (v == null) continue;
                any = true;
                numeric &= Formats.isNumeric(v);
            }
            out.add(numeric && any);
            if (hasIntervalColumn(c)) out.add(true);
        }
        return out;
    }

    private boolean hasIntervalColumn(int column) {
        if (!showIntervals) return false;
        for (List<Object> row : rows) if (Formats.hasInterval(row.get(column))) return true;
        return false;
    }

    static void checkCell(Object v, String where) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Proportion
                || v instanceof Estimate || v instanceof Summary || v instanceof Interval) {
            return;
        }
        throw new IllegalArgumentException(where + ": unsupported value of type " + v.getClass().getName()
                + " (expected String, Number, Boolean, Proportion, Estimate, Summary or Interval)");
    }
}
