package dev.mamori.eval.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap confidence intervals: resample the data with replacement, recompute the statistic, and take
 * the (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the resampled statistics. Useful for statistics that
 * are not simple proportions (mean perturbation norm, mean SSIM, ...). Deterministic for a given seed.
 */
public final class BootstrapInterval {
    /** Enough for stable 95% percentile intervals on typical evaluation sets. */
    public static final int DEFAULT_RESAMPLES = 2000;

    private BootstrapInterval() {}

    /** Bootstrap interval of the mean of {@code sample}, at the default confidence and number of resamples. */
    public static Estimate ofMean(double[] sample, long seed) {
        return of(sample, BootstrapInterval::mean, DEFAULT_RESAMPLES, Confidence.DEFAULT, seed);
    }

    /**
     * @param statistic computed on the original sample for the point estimate, and on every resample
     */
    public static Estimate of(double[] sample, ToDoubleFunction<double[]> statistic, int resamples, double confidence, long seed) {
        if (sample == null || sample.length == 0) throw new IllegalArgumentException("cannot bootstrap an empty sample");
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        Confidence.check(confidence);
        SplittableRandom random = new SplittableRandom(seed);
        double[] resample = new double[sample.length];
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < sample.length; i++) resample[i] = sample[random.nextInt(sample.length)];
            stats[r] = statistic.applyAsDouble(resample);
        }
        Arrays.sort(stats);
        double alpha = (1 - confidence) / 2;
        double lower = quantile(stats, alpha);
        double upper = quantile(stats, 1 - alpha);
        return new Estimate(statistic.applyAsDouble(sample.clone()), new Interval(lower, upper, confidence));
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** Linear interpolation between order statistics (numpy's default "linear" method) of a sorted array. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
