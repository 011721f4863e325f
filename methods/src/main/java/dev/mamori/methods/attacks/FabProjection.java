package dev.mamori.methods.attacks;

/**
 * FAB's projection step: the smallest L-inf step d that takes a point t onto the hyperplane {z : w.z = b} while
 * t + d stays in the box [0, 1]^n (Croce and Hein 2020, the algorithm of AutoAttack's {@code projection_linf}).
 * Every coordinate moves by the same amount lambda towards the hyperplane unless the box stops it first; lambda is
 * found by sorting the coordinates by when the box stops them and a binary search over the sorted prefix sums.
 * When the hyperplane cannot be reached inside the box, the step goes to the box corner nearest to it.
 */
final class FabProjection {
    private FabProjection() {}

    /** The step d (t + d on the hyperplane, or as near as the box allows). Coordinates with w = 0 do not move. */
    static double[] linf(double[] t, double[] wIn, double bIn) {
        int n = t.length;
        double[] w = wIn.clone();
        double b = bIn;
        double side = dot(w, t) - b >= 0 ? 1 : -1;
        for (int i = 0; i < n; i++) w[i] *= side;
        b *= side;
        double[] a = new double[n], d = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = w[i] < 0 ? 1 : 0;
            d[i] = w[i] != 0 ? a[i] - t[i] : 0;       // the farthest a coordinate can move (to 0 or 1)
            p[i] = a[i] - t[i] * (2 * a[i] - 1);       // the distance to that bound
        }
        int[] order = ascendingOrder(p);
        b -= dot(w, t);
        double b0 = dot(w, d);
        // prefix sums over the coordinates from the largest p down: s of |w|, sb of what the saturated ones contribute
        double[] s = new double[n], sb = new double[n];
        double runS = 0, runB = b0;
        for (int k = 0; k < n; k++) {
            int i = order[n - 1 - k];
            runS += Math.abs(w[i]);
            runB += -w[i] * d[i];
            s[k] = runS;
            sb[k] = runB;
        }
        double bAll = sb[n - 1] - s[n - 1] * p[order[0]];
        boolean lambdaBeyondAll = b - bAll > 0;
        boolean inside = (b - b0 > 0) && !lambdaBeyondAll;
        if (lambdaBeyondAll) {
            double lambda = Math.max((b - sb[n - 1]) / (-s[n - 1]), 0);
            for (int i = 0; i < n; i++) d[i] = (2 * a[i] - 1) * lambda;
        } else if (inside) {
            double lb = 0, ub = n - 1;
            int iterations = (int) Math.ceil(Math.log(n) / Math.log(2));
            for (int it = 0; it < iterations; it++) {
                double mid = Math.floor((lb + ub) / 2);
                int m = (int) mid;
                double b2 = sb[m] - s[m] * p[order[n - 1 - m]];
                if (b - b2 > 0) lb = mid;
                else ub = mid;
            }
            int l = (int) lb;
            double lambda = Math.max((b - sb[l]) / (-s[l]), 0);
            for (int i = 0; i < n; i++) d[i] = a[i] == 1 ? Math.min(lambda, d[i]) : Math.max(-lambda, d[i]);
        }
        for (int i = 0; i < n; i++) if (w[i] == 0) d[i] = 0;
        return d;
    }

    /**
     * The indices of {@code keys} in ascending order of key ({@link Double#compare}), equal keys in index order: the
     * order of a stable sort, so the prefix sums add in a fixed order. A merge sort on primitive indices (boxing every
     * index and sorting with a comparator took most of the projection's time).
     */
    static int[] ascendingOrder(double[] keys) {
        int n = keys.length;
        int[] order = new int[n], scratch = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int a = lo, b = mid, o = lo;
                // ties take the left run first: left indices are smaller, so the merge is stable
                while (a < mid && b < hi) scratch[o++] = Double.compare(keys[order[b]], keys[order[a]]) < 0 ? order[b++] : order[a++];
                while (a < mid) scratch[o++] = order[a++];
                while (b < hi) scratch[o++] = order[b++];
            }
            int[] swap = order;
            order = scratch;
            scratch = swap;
        }
        return order;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }
}
