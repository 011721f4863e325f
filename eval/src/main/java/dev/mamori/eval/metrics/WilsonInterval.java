package dev.mamori.eval.metrics;

/**
 * Wilson score interval for a binomial proportion (accuracy, attack success rate, ...). Unlike the normal
 * ("Wald") interval it stays inside [0, 1] and behaves well for rates near 0 or 1 and for small samples.
 */
public final class WilsonInterval {
    private WilsonInterval() {}

    public static Interval of(long successes, long trials) {
        return of(successes, trials, Confidence.DEFAULT);
    }

    public static Interval of(long successes, long trials, double confidence) {
        if (trials <= 0) throw new IllegalArgumentException("Wilson interval needs at least one trial, got trials=" + trials);
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must be in [0, trials=" + trials + "], got " + successes);
        }
        double z = Confidence.zScore(confidence);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2 * n)) / denominator;
        double halfWidth = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // Clamp rounding noise at the ends (0/n and n/n give exactly 0 and 1 analytically).
        double lower = successes == 0 ? 0 : Math.max(0, center - halfWidth);
        double upper = successes == trials ? 1 : Math.min(1, center + halfWidth);
        return new Interval(lower, upper, confidence);
    }
}
