package dev.mamori.methods.attacks;

import java.util.SplittableRandom;

/** Ways to choose target classes for targeted attacks. Every target differs from the example's label. */
public final class Targets {
    private Targets() {}

    /** A class drawn uniformly among the classes other than the label, reproducibly from the seed. */
    public static int[] random(int[] labels, int numClasses, long seed) {
        requireClasses(numClasses);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            checkLabel(labels, i, numClasses);
            int t = rng.nextInt(numClasses - 1);
            out[i] = t >= labels[i] ? t + 1 : t;
        }
        return out;
    }

    /** (label + shift) mod numClasses, e.g. shift 1: the "next class" targets of many papers. */
    public static int[] shifted(int[] labels, int numClasses, int shift) {
        requireClasses(numClasses);
        if (Math.floorMod(shift, numClasses) == 0) {
            throw new IllegalArgumentException("shift " + shift + " maps every label to itself with " + numClasses + " classes");
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            checkLabel(labels, i, numClasses);
            out[i] = Math.floorMod(labels[i] + shift, numClasses);
        }
        return out;
    }

    /**
     * The class of rank {@code rank} among the logits, counting from 1 = the highest, skipping the label (so rank 1 is
     * the most likely wrong class: the APGD-T choice). Logits are row-major [n, classes].
     */
    public static int[] ranked(float[] logits, int n, int classes, int[] labels, int rank) {
        if (rank < 1 || rank > classes - 1) {
            throw new IllegalArgumentException("target rank must be in [1, " + (classes - 1) + "], got " + rank);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int[] order = AttackLosses.ranking(logits, classes, i);
            int seen = 0;
            for (int c : order) {
                if (c == labels[i]) continue;
                if (++seen == rank) {
                    out[i] = c;
                    break;
                }
            }
        }
        return out;
    }

    /** The least likely class (lowest logit) of each row, other than the label. */
    public static int[] leastLikely(float[] logits, int n, int classes, int[] labels) {
        return ranked(logits, n, classes, labels, classes - 1);
    }

    private static void requireClasses(int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("targets need at least 2 classes, got " + numClasses);
    }

    private static void checkLabel(int[] labels, int i, int numClasses) {
        if (labels[i] < 0 || labels[i] >= numClasses) {
            throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside [0, " + numClasses + ")");
        }
    }
}
