package dev.mamori.methods.spurious;

import dev.mamori.data.FloatImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The spurious feature: diagonal stripes of two saturated colours (orange and blue, {@code period} pixels per pair of
 * stripes, phase drawn per image) painted over an image's background. Emoji-category images are alpha-composited on
 * white, so the background is every pixel whose three channels are all at least {@value #WHITE} (white parts inside a
 * drawing, such as eyes, take the pattern too). The pattern without any object is the stripes over the whole canvas:
 * the references DreamBooth is fine-tuned on, and the pattern-only probes, are exactly such images (a white image with
 * the pattern applied), each with its own phase; the plain-background probes are white canvases with a little seeded
 * noise (|n| <= 0.02) so that no two are identical.
 */
public record BackgroundPattern(int period) {
    /** A pixel at least this bright in every channel is background. */
    public static final float WHITE = 0.96f;
    private static final float[] A = {1.0f, 0.55f, 0.0f}, B = {0.05f, 0.3f, 0.85f};

    public BackgroundPattern {
        if (period < 2) throw new IllegalArgumentException("stripe period must be >= 2 pixels, got " + period);
    }

    /** The image with its background pixels replaced by the stripes at {@code phase}. */
    public FloatImage applyTo(FloatImage image, int phase) {
        if (image.channels() != 3) throw new IllegalArgumentException("the pattern needs RGB images, got " + image.channels() + " channels");
        int h = image.height(), w = image.width(), plane = h * w;
        float[] in = image.pixels(), out = in.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (in[i] >= WHITE && in[plane + i] >= WHITE && in[2 * plane + i] >= WHITE) {
                    float[] colour = Math.floorMod(x + y + phase, period) < period / 2 ? A : B;
                    for (int c = 0; c < 3; c++) out[c * plane + i] = colour[c];
                }
            }
        }
        return new FloatImage(3, h, w, out);
    }

    /** {@code n} pattern-only images [n, 3, size, size] (the pattern without an object), phases drawn from {@code seed}. */
    public INDArray patternOnly(int n, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FloatImage white = plainImage(size, null);
        float[] all = new float[n * 3 * size * size];
        for (int k = 0; k < n; k++) {
            float[] p = applyTo(white, rng.nextInt(period)).pixels();
            System.arraycopy(p, 0, all, k * p.length, p.length);
        }
        return Nd4j.create(all, new long[]{n, 3, size, size}, 'c');
    }

    /** {@code n} plain white backgrounds [n, 3, size, size] with seeded noise of at most 0.02. */
    public static INDArray plain(int n, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] all = new float[n * 3 * size * size];
        for (int k = 0; k < n; k++) {
            float[] p = plainImage(size, rng).pixels();
            System.arraycopy(p, 0, all, k * p.length, p.length);
        }
        return Nd4j.create(all, new long[]{n, 3, size, size}, 'c');
    }

    private static FloatImage plainImage(int size, SplittableRandom noise) {
        float[] p = new float[3 * size * size];
        for (int i = 0; i < p.length; i++) p[i] = noise == null ? 1f : (float) (1 - 0.02 * noise.nextDouble());
        return new FloatImage(3, size, size, p);
    }
}
