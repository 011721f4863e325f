package dev.mamori.methods.common;

/**
 * Named seeds derived from the run's seed, so that every key, model and attack of an experiment is reproducible from
 * its config alone and independent of the order in which the parts run.
 */
public final class ExperimentSeeds {
    private ExperimentSeeds() {}

    /** A seed for {@code label} (e.g. "vit/shuffle/full/key"): SplitMix64 finalization of seed and the label's hash. */
    public static long of(long seed, String label) {
        long z = seed + 0x9E3779B97F4A7C15L * (label.hashCode() + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
