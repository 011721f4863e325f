package dev.mamori.eval.report;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How values look in report.md and report.html (results.json keeps full precision). Numbers get 4 significant
 * digits, proportions are shown as percentages with 2 decimals, intervals as {@code [lower, upper]}.
 */
public final class Formats {
    private static final int SIGNIFICANT_DIGITS = 4;

    private Formats() {}

    /** e.g. 0.9432, 20.35, 1235, 0.03137, 1.235e+06, 2.500e-05; NaN as "n/a", infinities as "inf" / "-inf". */
    public static String number(double x) {
        if (Double.isNaN(x)) return "n/a";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return "0";
        double magnitude = Math.abs(x);
        if (magnitude >= 1e6 || magnitude < 1e-3) return String.format(Locale.ROOT, "%.3e", x);
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(SIGNIFICANT_DIGITS));
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** 0.8 -> "80.00%". */
    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) return "n/a";
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** 0.95 -> "95%", 0.999 -> "99.9%". */
    public static String confidenceLevel(double confidence) {
        return new BigDecimal(Double.toString(100 * confidence)).round(new MathContext(6)).stripTrailingZeros().toPlainString() + "%";
    }

    /** The text of a table cell or metric value (without its interval). */
    public static String value(Object value) {
        if (value == null) return "";
        if (value instanceof Proportion p) return p.isEmpty() ? "n/a (0 examples)" : percent(p.value()) + " (" + p + ")";
        if (value instanceof Estimate e) return number(e.value());
        if (value instanceof Summary s) return s.count() > 1 ? number(s.mean()) + " ± " + number(s.std()) : number(s.mean()) + " (n=1)";
        if (value instanceof Interval i) return interval(i, false);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) return value.toString();
        if (value instanceof Number n) return number(n.doubleValue());
        return value.toString();
    }

    /** The interval that goes with a value at the given confidence, or "" when it has none. */
    public static String intervalOf(Object value, double confidence) {
        if (value instanceof Proportion p) return p.isEmpty() ? "" : interval(p.wilson(confidence), true);
        if (value instanceof Estimate e) return interval(e.interval(), false);
        return "";
    }

    /** Whether {@link #intervalOf} can give something for this kind of value. */
    static boolean hasInterval(Object value) {
        return value instanceof Proportion || value instanceof Estimate;
    }

    static boolean isNumeric(Object value) {
        return value instanceof Number || value instanceof Proportion || value instanceof Estimate || value instanceof Summary;
    }

    private static String interval(Interval i, boolean asPercent) {
        return asPercent
                ? "[" + percent(i.lower()) + ", " + percent(i.upper()) + "]"
                : "[" + number(i.lower()) + ", " + number(i.upper()) + "]";
    }
}
