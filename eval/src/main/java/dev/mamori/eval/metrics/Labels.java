package dev.mamori.eval.metrics;

/** Input checks shared by the classification metrics, with messages that name the array and the offset. */
final class Labels {
    private Labels() {}

    /** Non-empty, and each entry in [0, numClasses). */
    static void check(String name, int[] labels, int numClasses) {
        checkNotEmpty(name, labels);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + labels[i] + " is outside [0, " + numClasses + ")");
            }
        }
    }

    static void checkNotEmpty(String name, int[] labels) {
        if (labels == null) throw new IllegalArgumentException(name + " is null");
        if (labels.length == 0) throw new IllegalArgumentException(name + " is empty: a metric needs at least one example");
    }

    static void checkSameLength(String name, int[] values, String otherName, int expected) {
        if (values == null) throw new IllegalArgumentException(name + " is null");
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " has " + values.length + " entries but " + otherName + " has " + expected);
        }
    }

    /** The number of classes implied by the largest entry of any of the arrays, plus one. */
    static int impliedClassCount(int[]... arrays) {
        int max = -1;
        for (int[] a : arrays) for (int v : a) max = Math.max(max, v);
        return max + 1;
    }
}
