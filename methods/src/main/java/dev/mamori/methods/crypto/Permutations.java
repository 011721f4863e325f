package dev.mamori.methods.crypto;

import java.util.Arrays;

/** Checks and inverses of permutations of 0..n-1 given as int arrays. */
public final class Permutations {
    private Permutations() {}

    /**
     * Null when {@code p} is a permutation of 0..p.length-1, otherwise what is wrong, naming positions but never the
     * values of valid entries (they may be key material).
     */
    public static String problem(int[] p) {
        int[] seenAt = new int[p.length];
        Arrays.fill(seenAt, -1);
        for (int i = 0; i < p.length; i++) {
            int v = p[i];
            if (v < 0 || v >= p.length) {
                return "is not a permutation of 0.." + (p.length - 1) + ": entry at position " + i + " is " + v + ", out of range";
            }
            if (seenAt[v] >= 0) {
                return "is not a permutation of 0.." + (p.length - 1) + ": positions " + seenAt[v] + " and " + i + " hold the same value";
            }
            seenAt[v] = i;
        }
        return null;
    }

    /** Throws an IllegalArgumentException starting with {@code what} unless {@code p} is a permutation. */
    public static void require(int[] p, String what) {
        String problem = problem(p);
        if (problem != null) throw new IllegalArgumentException(what + " " + problem);
    }

    /** q with q[p[i]] = i (the argsort of p). */
    public static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int i = 0; i < p.length; i++) q[p[i]] = i;
        return q;
    }
}
