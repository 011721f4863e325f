package dev.mamori.data;

import java.util.random.RandomGenerator;

/**
 * Reproducible randomness: seeds derived from (seed, epoch, index, ...) so that an example's augmentation does not
 * depend on which worker thread produced it or in which order.
 */
public final class Seeds {
    private Seeds() {}

    /** Mixes several numbers into one well-spread seed (SplitMix64 finaliser applied after each part). */
    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = splitMix(h ^ p) + 0x9E3779B97F4A7C15L;
        }
        return splitMix(h);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
