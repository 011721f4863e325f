package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/**
 * Bilinear resizing with PyTorch's align_corners=False convention: output pixel i samples the input at
 * (i + 0.5) * in / out - 0.5 (clamped at 0). Without antialiasing this is exactly
 * {@code F.interpolate(x, size, mode="bilinear", align_corners=False)}; with antialiasing (what torchvision >= 0.17
 * and PIL do when shrinking) each output pixel averages its whole footprint with a triangle filter, as PyTorch's
 * {@code antialias=True}. Either an exact size or the shorter side (torchvision's {@code Resize(int)}: the longer
 * side becomes {@code (int) (size * long / short)}).
 */
public final class Resize implements ImageTransform {
    private final int height;      // 0 when resizing the shorter side
    private final int width;
    private final int shorterSide; // 0 when resizing to an exact size
    private final boolean antialias;

    private Resize(int height, int width, int shorterSide, boolean antialias) {
        this.height = height;
        this.width = width;
        this.shorterSide = shorterSide;
        this.antialias = antialias;
    }

    /** Resize to exactly height x width (no antialiasing; see {@link #withAntialias}). */
    public static Resize to(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("size must be positive");
        return new Resize(height, width, 0, false);
    }

    /** Resize so that the shorter side becomes {@code size}, keeping the aspect ratio. */
    public static Resize shorterSide(int size) {
        if (size <= 0) throw new IllegalArgumentException("size must be positive");
        return new Resize(0, 0, size, false);
    }

    /** The same resize with antialiasing switched on or off. */
    public Resize withAntialias(boolean on) {
        return new Resize(height, width, shorterSide, on);
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        FloatImage in = image.toFloat();
        int outH = height, outW = width;
        if (shorterSide > 0) {
            if (in.height() <= in.width()) {
                outH = shorterSide;
                outW = (int) ((long) shorterSide * in.width() / in.height());
            } else {
                outW = shorterSide;
                outH = (int) ((long) shorterSide * in.height() / in.width());
            }
        }
        return resize(in, outH, outW, antialias);
    }

    /** Bilinear resize of a float image to outH x outW. */
    public static FloatImage resize(FloatImage in, int outH, int outW, boolean antialias) {
        if (outH <= 0 || outW <= 0) throw new IllegalArgumentException("output size must be positive");
        int c = in.channels(), h = in.height(), w = in.width();
        if (outH == h && outW == w) return in;
        Taps cols = antialias ? Taps.antialiased(w, outW) : Taps.bilinear(w, outW);
        Taps rows = antialias ? Taps.antialiased(h, outH) : Taps.bilinear(h, outH);
        float[] src = in.pixels();
        float[] mid = new float[c * h * outW]; // horizontal pass first, as PyTorch
        for (int r = 0; r < c * h; r++) {
            for (int x = 0; x < outW; x++) {
                float acc = 0f;
                int base = r * w + cols.start[x];
                for (int k = 0; k < cols.count[x]; k++) acc += cols.weight[x][k] * src[base + k];
                mid[r * outW + x] = acc;
            }
        }
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < outH; y++) {
                int dst = (ch * outH + y) * outW;
                for (int k = 0; k < rows.count[y]; k++) {
                    float wk = rows.weight[y][k];
                    int srcRow = (ch * h + rows.start[y] + k) * outW;
                    for (int x = 0; x < outW; x++) out[dst + x] += wk * mid[srcRow + x];
                }
            }
        }
        return new FloatImage(c, outH, outW, out);
    }

    /** For each output index: the first input index, how many consecutive inputs it reads, and their weights. */
    private record Taps(int[] start, int[] count, float[][] weight) {

        static Taps bilinear(int in, int out) {
            float scale = (float) in / out;
            int[] start = new int[out], count = new int[out];
            float[][] weight = new float[out][];
            for (int i = 0; i < out; i++) {
                float src = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
                int i0 = (int) src;
                float l1 = src - i0;
                start[i] = i0;
                if (i0 < in - 1) {
                    count[i] = 2;
                    weight[i] = new float[] {1f - l1, l1};
                } else {
                    count[i] = 1;
                    weight[i] = new float[] {1f}; // (1 - l1) + l1 on the same last pixel
                }
            }
            return new Taps(start, count, weight);
        }

        static Taps antialiased(int in, int out) {
            double scale = (double) in / out;
            double support = scale >= 1.0 ? scale : 1.0;
            double invScale = scale >= 1.0 ? 1.0 / scale : 1.0;
            int[] start = new int[out], count = new int[out];
            float[][] weight = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = scale * (i + 0.5);
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xsize = Math.min((int) (center + support + 0.5), in) - xmin;
                double[] wt = new double[xsize];
                double total = 0;
                for (int j = 0; j < xsize; j++) {
                    double t = Math.abs((j + xmin - center + 0.5) * invScale);
                    wt[j] = t < 1.0 ? 1.0 - t : 0.0;
                    total += wt[j];
                }
                weight[i] = new float[xsize];
                for (int j = 0; j < xsize; j++) weight[i][j] = (float) (total != 0 ? wt[j] / total : 0);
                start[i] = xmin;
                count[i] = xsize;
            }
            return new Taps(start, count, weight);
        }
    }
}
