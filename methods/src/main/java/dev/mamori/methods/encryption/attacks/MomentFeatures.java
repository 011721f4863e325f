package dev.mamori.methods.encryption.attacks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The per-patch statistics of Carlini et al.'s break of NeuraCrypt ("NeuraCrypt is not private", 2021): for a vector x
 * (the pixels of a raw patch, or a token), its mean and |mu_i|^(1/i) for the central moments mu_i, i = 1..14
 * (scipy.stats.moment; mu_1 is 0 and kept, as in the reference), 15 numbers. Before that, every position is centred
 * across the images of a set (the patch at (row, col), the token at an aligned position): what is common to all
 * images at a position - NeuraCrypt's position embedding, for tokens - cancels. Statistics of a set of values do not
 * depend on their order, so the random encoder's mixing of a patch leaves them related to the patch's.
 */
public final class MomentFeatures {
    /** Features per vector. */
    public static final int COUNT = 15;

    private MomentFeatures() {}

    /** The raw patches of images [N, C, H, W] as [N, T, C*P*P] (patches row-major, values in (c, y, x) order). */
    public static float[] patches(INDArray images, int patch) {
        long[] s = images.shape();
        int n = (int) s[0], c = (int) s[1], h = (int) s[2], w = (int) s[3];
        if (h % patch != 0 || w % patch != 0) throw new IllegalArgumentException("image " + h + "x" + w + " is not divisible by patch " + patch);
        float[] x = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int gh = h / patch, gw = w / patch, t = gh * gw, l = c * patch * patch;
        float[] out = new float[n * t * l];
        for (int i = 0; i < n; i++)
            for (int py = 0; py < gh; py++)
                for (int px = 0; px < gw; px++) {
                    int base = ((i * t) + py * gw + px) * l;
                    int k = 0;
                    for (int ch = 0; ch < c; ch++)
                        for (int y = 0; y < patch; y++)
                            for (int xx = 0; xx < patch; xx++)
                                out[base + k++] = x[((i * c + ch) * h + py * patch + y) * w + px * patch + xx];
                }
        return out;
    }

    /** Subtracts, at every (position, value) of [N, T, L], its mean over the N images; in place. */
    public static void centerAcrossImages(float[] x, int n, int t, int l) {
        int per = t * l;
        double[] mean = new double[per];
        for (int i = 0; i < n; i++) for (int k = 0; k < per; k++) mean[k] += x[i * per + k];
        for (int k = 0; k < per; k++) mean[k] /= n;
        for (int i = 0; i < n; i++) for (int k = 0; k < per; k++) x[i * per + k] -= (float) mean[k];
    }

    /** The 15 features of each of the {@code rows} vectors of length {@code length} in {@code x}: [rows * 15]. */
    public static float[] of(float[] x, int rows, int length) {
        if (x.length != rows * length) throw new IllegalArgumentException(x.length + " values are not " + rows + " x " + length);
        float[] out = new float[rows * COUNT];
        double[] centred = new double[length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int k = 0; k < length; k++) mean += x[r * length + k];
            mean /= length;
            for (int k = 0; k < length; k++) centred[k] = x[r * length + k] - mean;
            out[r * COUNT] = (float) mean;
            double[] power = new double[length];
            Arrays.fill(power, 1.0);
            for (int i = 1; i < COUNT; i++) {
                double moment = 0;
                for (int k = 0; k < length; k++) {
                    power[k] *= centred[k];
                    moment += power[k];
                }
                moment /= length;
                out[r * COUNT + i] = (float) Math.pow(Math.abs(moment), 1.0 / i);
            }
        }
        return out;
    }
}
