package dev.mamori.methods.attacks;

/**
 * Projections onto a perturbation budget intersected with the pixel box [0, 1], on row-major float images (rows of
 * {@code d} elements). They are exact in the sense every check in Mamori uses: the norm of {@code adv - clean},
 * computed in double from the float32 values, never exceeds eps (float rounding of {@code clean + delta} is corrected
 * by moving the bound one float inwards). NaN pixels are replaced by the clean pixel.
 */
public final class Projections {
    private Projections() {}

    /** Clamps every element of {@code m} packed rows to [clean - eps, clean + eps] and then to [0, 1]. */
    public static void linf(float[] adv, float[] clean, int m, int d, double eps) {
        for (int r = 0; r < m; r++) linfRow(adv, clean, r * d, d, eps);
    }

    /** {@link #linf} for the row starting at {@code offset}. */
    public static void linfRow(float[] adv, float[] clean, int offset, int d, double eps) {
        requireBudget(eps);
        for (int i = offset; i < offset + d; i++) {
            float x = clean[i];
            float a = adv[i];
            if (Float.isNaN(a)) {
                adv[i] = x;
                continue;
            }
            float lo = (float) (x - eps);
            if ((double) x - lo > eps) lo = Math.nextUp(lo);
            float hi = (float) (x + eps);
            if ((double) hi - x > eps) hi = Math.nextDown(hi);
            if (a < lo) a = lo;
            if (a > hi) a = hi;
            adv[i] = a < 0f ? 0f : (a > 1f ? 1f : a);
        }
    }

    /**
     * Scales each of {@code m} packed rows' perturbation down to L2 norm eps when it is larger, then clamps to [0, 1]
     * (clamping only moves pixels towards the clean ones, so it never increases the norm).
     */
    public static void l2(float[] adv, float[] clean, int m, int d, double eps) {
        for (int r = 0; r < m; r++) l2Row(adv, clean, r * d, d, eps);
    }

    /** {@link #l2} for the row starting at {@code offset}. */
    public static void l2Row(float[] adv, float[] clean, int offset, int d, double eps) {
        requireBudget(eps);
        for (int j = offset; j < offset + d; j++) if (Float.isNaN(adv[j])) adv[j] = clean[j];
        double norm = rowL2(adv, clean, offset, d);
        if (norm <= eps) {
            clampRow(adv, offset, d);
            return;
        }
        double factor = eps / norm;
        float[] delta = new float[d];
        for (int j = 0; j < d; j++) delta[j] = adv[offset + j] - clean[offset + j];
        for (int attempt = 0; ; attempt++) {
            for (int j = 0; j < d; j++) adv[offset + j] = (float) (clean[offset + j] + delta[j] * factor);
            clampRow(adv, offset, d);
            if (rowL2(adv, clean, offset, d) <= eps) return;
            if (attempt > 60) break;
            factor *= 1 - 1e-7 * (1L << Math.min(attempt, 20)); // float rounding pushed it just over: shrink a hair more
        }
        System.arraycopy(clean, offset, adv, offset, d); // never reached in practice; the clean image is always inside
    }

    /** Clamps every element to [0, 1]. */
    public static void clamp01(float[] a) {
        clampRow(a, 0, a.length);
    }

    static void clampRow(float[] a, int start, int d) {
        for (int j = start; j < start + d; j++) {
            float v = a[j];
            a[j] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
    }

    static double rowL2(float[] adv, float[] clean, int start, int d) {
        double s = 0;
        for (int j = start; j < start + d; j++) {
            double delta = (double) adv[j] - clean[j];
            s += delta * delta;
        }
        return Math.sqrt(s);
    }

    private static void requireBudget(double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("perturbation budget eps must be finite and >= 0, got " + eps);
        }
    }
}
