package dev.mamori.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resizing a ViT's learned position embedding to another patch grid, as timm's resample_abs_pos_embed does: the
 * prefix tokens (class token) are kept, the grid part is interpolated bicubically (PyTorch F.interpolate with
 * mode="bicubic", align_corners=False, cubic coefficient -0.75, edge samples clamped). No antialiasing when the grid
 * shrinks.
 */
public final class PositionEmbeddings {
    private static final double A = -0.75;

    private PositionEmbeddings() {}

    /** posEmbed [1, prefix + oldH*oldW, D] to [1, prefix + newH*newW, D]. */
    public static INDArray resize(INDArray posEmbed, int prefixTokens, int oldH, int oldW, int newH, int newW) {
        long d = posEmbed.size(2);
        if (posEmbed.size(1) != prefixTokens + (long) oldH * oldW) {
            throw new IllegalArgumentException("pos_embed has " + posEmbed.size(1) + " tokens, expected " + prefixTokens + " + "
                    + oldH + "x" + oldW);
        }
        double[] src = posEmbed.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int dim = (int) d;
        double[] out = new double[(prefixTokens + newH * newW) * dim];
        System.arraycopy(src, 0, out, 0, prefixTokens * dim);
        for (int y = 0; y < newH; y++) {
            double sy = (y + 0.5) * oldH / newH - 0.5;
            int y0 = (int) Math.floor(sy);
            double[] wy = weights(sy - y0);
            for (int x = 0; x < newW; x++) {
                double sx = (x + 0.5) * oldW / newW - 0.5;
                int x0 = (int) Math.floor(sx);
                double[] wx = weights(sx - x0);
                int dst = (prefixTokens + y * newW + x) * dim;
                for (int i = 0; i < 4; i++) {
                    int yy = clamp(y0 - 1 + i, oldH);
                    for (int j = 0; j < 4; j++) {
                        int xx = clamp(x0 - 1 + j, oldW);
                        double w = wy[i] * wx[j];
                        int s = (prefixTokens + yy * oldW + xx) * dim;
                        for (int c = 0; c < dim; c++) out[dst + c] += w * src[s + c];
                    }
                }
            }
        }
        return Nd4j.create(out, new long[]{1, prefixTokens + (long) newH * newW, d}, 'c').castTo(posEmbed.dataType());
    }

    /** The four cubic convolution weights for a fractional offset t in [0, 1). */
    static double[] weights(double t) {
        return new double[]{cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
    }

    private static double cubicNear(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    private static double cubicFar(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
