package dev.mamori.methods.backdoor.triggers;

/**
 * PyTorch's bicubic resize with align_corners=True ({@code F.interpolate(x, size, mode="bicubic", align_corners=True)}),
 * what WaNet uses to turn its k x k control field into a smooth full-size one: cubic convolution with A = -0.75
 * (Keys), source coordinate src = dst (in - 1) / (out - 1), the four taps floor(src) - 1 .. floor(src) + 2 clamped to
 * the edge, rows interpolated first, then columns.
 */
final class Bicubic {
    private static final double A = -0.75;

    private Bicubic() {}

    /** Resizes {@code planes} planes of [inH, inW] (row-major, one after the other) to [outH, outW]. */
    static float[] resizeAlignCorners(float[] in, int planes, int inH, int inW, int outH, int outW) {
        float[] out = new float[planes * outH * outW];
        double scaleY = outH > 1 ? (double) (inH - 1) / (outH - 1) : 0;
        double scaleX = outW > 1 ? (double) (inW - 1) / (outW - 1) : 0;
        for (int p = 0; p < planes; p++) {
            int base = p * inH * inW;
            for (int oy = 0; oy < outH; oy++) {
                double sy = scaleY * oy;
                int iy = (int) Math.floor(sy);
                double[] wy = coefficients(sy - iy);
                for (int ox = 0; ox < outW; ox++) {
                    double sx = scaleX * ox;
                    int ix = (int) Math.floor(sx);
                    double[] wx = coefficients(sx - ix);
                    double acc = 0;
                    for (int a = 0; a < 4; a++) {
                        int yy = clamp(iy - 1 + a, inH);
                        double row = 0;
                        for (int b = 0; b < 4; b++) row += wx[b] * in[base + yy * inW + clamp(ix - 1 + b, inW)];
                        acc += wy[a] * row;
                    }
                    out[(p * outH + oy) * outW + ox] = (float) acc;
                }
            }
        }
        return out;
    }

    private static int clamp(int i, int size) {
        return Math.max(0, Math.min(size - 1, i));
    }

    /** The weights of the taps at offsets -1, 0, 1, 2 for a fractional position t in [0, 1). */
    static double[] coefficients(double t) {
        return new double[]{far(t + 1), near(t), near(1 - t), far(2 - t)};
    }

    /** |x| <= 1: ((A + 2) x - (A + 3)) x^2 + 1. */
    private static double near(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** 1 < |x| < 2: ((A x - 5A) x + 8A) x - 4A. */
    private static double far(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
}
