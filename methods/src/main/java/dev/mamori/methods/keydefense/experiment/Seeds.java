package dev.mamori.methods.keydefense.experiment;

/** Named seeds derived from the run's seed, so that every key, model and attack is reproducible from the config alone. */
final class Seeds {
    private Seeds() {}

    /** A seed for {@code label} (e.g. "vit/shuffle/full/key"): SplitMix64 finalization of seed and the label's hash. */
    static long of(long seed, String label) {
        long z = seed + 0x9E3779B97F4A7C15L * (label.hashCode() + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
