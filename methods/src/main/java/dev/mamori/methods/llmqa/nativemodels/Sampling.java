package dev.mamori.methods.llmqa.nativemodels;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/** Nucleus (top-p) sampling (Holtzman et al. 2020) from a probability vector. */
public final class Sampling {
    private Sampling() {}

    /**
     * Samples an index from the smallest set of most probable entries whose mass reaches {@code topP} (renormalized);
     * {@code topP = 1} samples from the whole distribution.
     */
    public static int topP(double[] p, double topP, SplittableRandom rng) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        double mass = 0;
        int keep = 0;
        while (keep < p.length && (keep == 0 || mass < topP)) mass += p[order[keep++]];
        double u = rng.nextDouble() * mass, c = 0;
        for (int k = 0; k < keep; k++) {
            c += p[order[k]];
            if (u < c) return order[k];
        }
        return order[keep - 1];
    }
}
