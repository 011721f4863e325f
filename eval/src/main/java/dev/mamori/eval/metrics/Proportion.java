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

    /**
     * The 95% interval of {@code this - baseline} for two independent proportions: Newcombe's hybrid score interval
     * (Newcombe 1998, method 10), built from the two Wilson intervals; it stays inside [-1, 1] and behaves near 0 and 1.
     */
    public Interval differenceFrom(Proportion baseline) {
        Interval a = wilson(), b = baseline.wilson();
        double p1 = value(), p2 = baseline.value(), d = p1 - p2;
        double lower = d - Math.sqrt((p1 - a.lower()) * (p1 - a.lower()) + (b.upper() - p2) * (b.upper() - p2));
        double upper = d + Math.sqrt((a.upper() - p1) * (a.upper() - p1) + (p2 - b.lower()) * (p2 - b.lower()));
        return new Interval(lower, upper, Confidence.DEFAULT);
    }

    @Override
    public String toString() {
        return successes + "/" + trials;
    }
}
