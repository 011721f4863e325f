package dev.mamori.methods.sketch2photo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Edge standardization of text-guided sketch-to-photo (MaungMaung et al. 2023): one edge detector maps colour images
 * (the training condition, self-supervised: no sketch is ever needed for training) and hand-drawn line art (the
 * inference condition) into one domain of binary edge maps, so the model never sees the gap between the two.
 *
 * <p>The detector is Canny-style (Canny 1986) without non-maximum suppression: luminance (ITU-R BT.601 weights),
 * a 3x3 binomial blur (against rendering anti-aliasing), Sobel gradients, and hysteresis thresholds on the gradient
 * magnitude (a pixel above {@code high} is an edge; a pixel above {@code low} is an edge when one of its 8 neighbours
 * is, repeated until nothing changes). Thresholds are absolute (the magnitude of a black-to-white step through the
 * Sobel kernel is 4), so a blank image has no edges. The map is finally dilated by {@code thickness} pixels (3x3 max),
 * which is what makes the two domains meet: a black stroke of line art gives an edge on each side and a colour region
 * boundary gives one, and the dilation merges both into strokes of one width.
 *
 * @param low       hysteresis low threshold on the Sobel magnitude
 * @param high      hysteresis high threshold (>= low)
 * @param thickness dilation passes (0: none)
 */
public record EdgeStandardizer(double low, double high, int thickness) {
    /** The Sobel magnitude of a sharp black-to-white step (3 once blurred): the scale the thresholds are given in. */
    public static final float STEP = 4f;

    public EdgeStandardizer {
        if (!(low > 0) || !(high >= low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("edge thresholds need 0 < low <= high, got low " + low + ", high " + high);
        }
        if (thickness < 0 || thickness > 8) throw new IllegalArgumentException("edge thickness must be in [0, 8], got " + thickness);
    }

    /**
     * Thresholds 0.8 / 1.6 (a fifth and two fifths of a full black-to-white step), no dilation: on 200 openmoji-sketch
     * test pairs at 32 px these gave the widest gap between a colour emoji's agreement with its own line art and with
     * another's among high 1.0-2.8, dilation 0-1 (EdgeStandardizerTest prints the measured numbers).
     */
    public static EdgeStandardizer defaults() {
        return new EdgeStandardizer(0.8, 1.6, 0);
    }

    /** Edge maps [N, 1, H, W] in {0, 1} of images [N, 3, H, W] (or [N, 1, H, W] grey) in [0, 1]. */
    public INDArray apply(INDArray images) {
        if (images.rank() != 4 || (images.size(1) != 3 && images.size(1) != 1)) {
            throw new IllegalArgumentException("edge standardization takes images [N, 3 or 1, H, W], got " + java.util.Arrays.toString(images.shape()));
        }
        int n = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        float[] px = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            float[] edges = edges(luminance(px, i, c, h, w), h, w);
            System.arraycopy(edges, 0, out, i * h * w, h * w);
        }
        return Nd4j.create(out, new long[]{n, 1, h, w}, 'c');
    }

    /**
     * The detector without its standardization step (the training condition of the ablation, MaungMaung et al. 2023's
     * model trained without edge standardization): the same luminance, blur and Sobel magnitude as {@link #apply}, divided
     * by {@link #STEP} (the thresholds' scale; a blurred black-to-white step peaks at 0.75) and clipped to [0, 1], but
     * neither thresholded by hysteresis into {0, 1} nor dilated, so it stays a soft, continuous map [N, 1, H, W] whose
     * strength follows the contrast of each colour boundary.
     */
    public static INDArray magnitude(INDArray images) {
        if (images.rank() != 4 || (images.size(1) != 3 && images.size(1) != 1)) {
            throw new IllegalArgumentException("edge magnitudes take images [N, 3 or 1, H, W], got " + java.util.Arrays.toString(images.shape()));
        }
        int n = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        float[] px = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            float[] mag = sobelMagnitude(blur(luminance(px, i, c, h, w), h, w), h, w);
            for (int p = 0; p < h * w; p++) out[i * h * w + p] = Math.min(1f, mag[p] / STEP);
        }
        return Nd4j.create(out, new long[]{n, 1, h, w}, 'c');
    }

    /** The sketch as it is, without standardization: darkness 1 - luminance [N, 1, H, W] (the ablation's condition). */
    public static INDArray darkness(INDArray images) {
        if (images.rank() != 4 || images.size(1) != 3) throw new IllegalArgumentException("expected images [N, 3, H, W], got " + java.util.Arrays.toString(images.shape()));
        INDArray y = images.get(all(), point(0)).mul(0.299).addi(images.get(all(), point(1)).mul(0.587)).addi(images.get(all(), point(2)).mul(0.114));
        return y.rsubi(1).reshape(images.size(0), 1, images.size(2), images.size(3)).castTo(DataType.FLOAT);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }

    private static float[] luminance(float[] px, int i, int c, int h, int w) {
        int plane = h * w, base = i * c * plane;
        float[] y = new float[plane];
        for (int p = 0; p < plane; p++) {
            y[p] = c == 1 ? px[base + p] : 0.299f * px[base + p] + 0.587f * px[base + plane + p] + 0.114f * px[base + 2 * plane + p];
        }
        return y;
    }

    private float[] edges(float[] y, int h, int w) {
        float[] mag = sobelMagnitude(blur(y, h, w), h, w);
        float[] edge = new float[h * w];
        for (int p = 0; p < h * w; p++) if (mag[p] >= high) edge[p] = 1;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < h; r++) {
                for (int x = 0; x < w; x++) {
                    int p = r * w + x;
                    if (edge[p] == 1 || mag[p] < low) continue;
                    if (neighbourMax(edge, h, w, r, x) == 1) {
                        edge[p] = 1;
                        changed = true;
                    }
                }
            }
        }
        for (int k = 0; k < thickness; k++) {
            float[] grown = new float[h * w];
            for (int r = 0; r < h; r++) for (int x = 0; x < w; x++) grown[r * w + x] = Math.max(edge[r * w + x], neighbourMax(edge, h, w, r, x));
            edge = grown;
        }
        return edge;
    }

    /** Sobel gradient magnitude of a (blurred) luminance plane; a full black-to-white step gives {@link #STEP}. */
    private static float[] sobelMagnitude(float[] blurred, int h, int w) {
        float[] mag = new float[h * w];
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                float gx = at(blurred, h, w, r - 1, x + 1) + 2 * at(blurred, h, w, r, x + 1) + at(blurred, h, w, r + 1, x + 1)
                        - at(blurred, h, w, r - 1, x - 1) - 2 * at(blurred, h, w, r, x - 1) - at(blurred, h, w, r + 1, x - 1);
                float gy = at(blurred, h, w, r + 1, x - 1) + 2 * at(blurred, h, w, r + 1, x) + at(blurred, h, w, r + 1, x + 1)
                        - at(blurred, h, w, r - 1, x - 1) - 2 * at(blurred, h, w, r - 1, x) - at(blurred, h, w, r - 1, x + 1);
                mag[r * w + x] = (float) Math.sqrt(gx * gx + gy * gy);
            }
        }
        return mag;
    }

    private static float neighbourMax(float[] a, int h, int w, int r, int x) {
        float m = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dx = -1; dx <= 1; dx++) {
                int rr = r + dr, xx = x + dx;
                if ((dr != 0 || dx != 0) && rr >= 0 && rr < h && xx >= 0 && xx < w) m = Math.max(m, a[rr * w + xx]);
            }
        }
        return m;
    }

    /** 3x3 binomial blur [1 2 1]^T [1 2 1] / 16 with edge replication. */
    private static float[] blur(float[] y, int h, int w) {
        float[] out = new float[h * w];
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int dr = -1; dr <= 1; dr++) for (int dx = -1; dx <= 1; dx++) s += (2 - Math.abs(dr)) * (2 - Math.abs(dx)) * at(y, h, w, r + dr, x + dx);
                out[r * w + x] = s / 16;
            }
        }
        return out;
    }

    /** The value at (r, x) with edge replication. */
    private static float at(float[] a, int h, int w, int r, int x) {
        return a[Math.min(h - 1, Math.max(0, r)) * w + Math.min(w - 1, Math.max(0, x))];
    }
}
