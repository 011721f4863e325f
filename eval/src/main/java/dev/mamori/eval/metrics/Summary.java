package dev.mamori.eval.metrics;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;
import java.util.Collection;

/**
 * Mean, standard deviation, minimum and maximum of a set of values, e.g. one metric over several seeds or the
 * per-example perturbation norms of a batch.
 *
 * @param std the sample standard deviation (divisor n - 1, like PyTorch's default); NaN for a single value
 */
public record Summary(int count, double mean, double std, double min, double max) {

    public static Summary of(double... values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("cannot summarise an empty set of values");
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) throw new IllegalArgumentException("values[" + i + "] is NaN");
        }
        // Two passes: the mean first, then squared deviations (numerically safer than sum of squares).
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        double std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : Double.NaN;
        double min = Arrays.stream(values).min().getAsDouble();
        double max = Arrays.stream(values).max().getAsDouble();
        return new Summary(values.length, mean, std, min, max);
    }

    public static Summary of(Collection<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** std / sqrt(count): the standard error of the mean. */
    public double standardError() {
        return std / Math.sqrt(count);
    }

    /** Student-t confidence interval for the mean (needs at least two values). */
    public Interval meanInterval(double confidence) {
        if (count < 2) throw new IllegalStateException("a confidence interval for the mean needs at least two values, got " + count);
        Confidence.check(confidence);
        double t = new TDistribution(null, count - 1).inverseCumulativeProbability(0.5 + confidence / 2);
        double half = t * standardError();
        return new Interval(mean - half, mean + half, confidence);
    }
}
