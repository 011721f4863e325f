package dev.mamori.nn;

/**
 * A module with its own randomness (dropout). Trainers reseed every such module from (run seed, step) before each
 * step, so a run's randomness is a pure function of its seed and step: reproducible, and resumable from a checkpoint
 * without saving generator states.
 */
public interface Stochastic {
    void reseed(long seed);

    /** Reseeds every stochastic module of {@code model} from a base seed, each with its own stream. */
    static void reseedAll(Module model, long seed) {
        reseedAll(java.util.List.of(model), seed);
    }

    /**
     * Reseeds every stochastic module of several models (a generator and a discriminator) from one base seed: one
     * numbering runs through all of them, so the first model's modules get the seeds {@link #reseedAll(Module, long)}
     * would give it alone.
     */
    static void reseedAll(Iterable<? extends Module> models, long seed) {
        long i = 0;
        for (Module model : models) {
            for (Module m : model.namedModules().values()) {
                if (m instanceof Stochastic s) s.reseed(mix(seed, i++));
            }
        }
    }

    /** SplitMix64 finalizer: well-spread seeds from (seed, index). */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
