package dev.mamori.eval.metrics;

/**
 * A rate measured as {@code successes} out of {@code trials}: accuracy, attack success rate, robust accuracy.
 * Keeping the counts (not just the ratio) is what makes confidence intervals possible.
 * A proportion with zero trials is allowed (e.g. a class absent from the test set); its {@link #value()} is NaN
 * and it has no confidence interval.
 */
public record Proportion(long successes, long trials) {
    public Proportion {
        if (trials < 0) throw new IllegalArgumentException("trials must be >= 0, got " + trials);
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must be in [0, trials=" + trials + "], got " + successes);
        }
    }

    public static Proportion of(long successes, long trials) {
        return new Proportion(successes, trials);
    }

    /** successes / trials, or NaN when there were no trials. */
    public double value() {
        return trials == 0 ? Double.NaN : (double) successes / trials;
    }

    public boolean isEmpty() {
        return trials == 0;
    }

    /** The 95% Wilson score interval. */
    public Interval wilson() {
        return wilson(Confidence.DEFAULT);
    }

    public Interval wilson(double confidence) {
        if (trials == 0) throw new IllegalStateException("a proportion with zero trials has no confidence interval");
        return WilsonInterval.of(successes, trials, confidence);
    }

    @Override
    public String toString() {
        return successes + "/" + trials;
    }
}
