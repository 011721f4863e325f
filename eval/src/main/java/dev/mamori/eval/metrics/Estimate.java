package dev.mamori.eval.metrics;

/**
 * A point estimate with a confidence interval that did not come from a simple count, e.g. a mean with a
 * {@link BootstrapInterval}. Reports show it like a {@link Proportion}: the value plus a CI column.
 */
public record Estimate(double value, Interval interval) {
    public Estimate {
        if (interval == null) throw new IllegalArgumentException("an estimate needs an interval (use a plain number otherwise)");
    }
}
