package dev.mamori.eval.metrics;

/**
 * A two-sided confidence interval {@code [lower, upper]} at the given confidence level (e.g. 0.95).
 */
public record Interval(double lower, double upper, double confidence) {
    public Interval {
        if (!(lower <= upper)) throw new IllegalArgumentException("interval lower bound " + lower + " must be <= upper bound " + upper);
        Confidence.check(confidence);
    }

    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    public double width() {
        return upper - lower;
    }
}
