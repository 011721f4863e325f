package dev.mamori.methods.attacks;

/** The step size of iteration {@code t} (0-based) of {@code steps}, given the base step size. */
@FunctionalInterface
public interface StepSchedule {

    double stepSize(double base, int t, int steps);

    /** The same step every iteration (Madry et al., torchattacks). */
    static StepSchedule constant() {
        return (base, t, steps) -> base;
    }

    /** Cosine decay from base to 0 over the run. */
    static StepSchedule cosine() {
        return (base, t, steps) -> 0.5 * base * (1 + Math.cos(Math.PI * t / Math.max(1, steps)));
    }

    /** Multiplied by {@code factor} every {@code every} iterations. */
    static StepSchedule stepDecay(int every, double factor) {
        if (every < 1) throw new IllegalArgumentException("decay interval must be >= 1, got " + every);
        if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        return (base, t, steps) -> base * Math.pow(factor, t / every);
    }
}
