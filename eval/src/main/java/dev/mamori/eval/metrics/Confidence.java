package dev.mamori.eval.metrics;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Confidence levels and the normal quantiles that go with them. */
public final class Confidence {
    /** The level used when none is given. */
    public static final double DEFAULT = 0.95;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Confidence() {}

    static void check(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence level must be strictly between 0 and 1 (e.g. 0.95), got " + confidence);
        }
    }

    /** The two-sided standard normal critical value z such that P(|Z| <= z) = confidence (1.95996... for 0.95). */
    public static double zScore(double confidence) {
        check(confidence);
        return STANDARD_NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    }
}
