package dev.mamori.nn.train;

/**
 * The metric of the epoch history that decides which epoch is best (the "best" checkpoint, early stopping,
 * restore-best), and whether higher or lower is better: {@code Monitor.max("val_accuracy")},
 * {@code Monitor.min("val_loss")}. A NaN value (not measured) never improves.
 */
public record Monitor(String metric, boolean maximize) {
    public Monitor {
        if (metric == null || metric.isBlank()) throw new IllegalArgumentException("monitor needs a metric name");
    }

    public static Monitor max(String metric) {
        return new Monitor(metric, true);
    }

    public static Monitor min(String metric) {
        return new Monitor(metric, false);
    }

    /** Whether {@code value} is strictly better than {@code best} (false for NaN). */
    public boolean improves(double value, double best) {
        return maximize ? value > best : value < best;
    }

    /** The value every measured one improves on. */
    public double worst() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public String toString() {
        return (maximize ? "max " : "min ") + metric;
    }
}
