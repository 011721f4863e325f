package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/** Mirrors the image left-right with probability p (torchvision's RandomHorizontalFlip, default p = 0.5). */
public final class RandomHorizontalFlip implements ImageTransform {
    private final double p;

    public RandomHorizontalFlip() {
        this(0.5);
    }

    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        this.p = p;
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        FloatImage in = image.toFloat();
        return rng.nextDouble() < p ? flip(in) : in;
    }

    /** The mirror image: column x goes to column width - 1 - x. */
    public static FloatImage flip(FloatImage in) {
        int c = in.channels(), h = in.height(), w = in.width();
        float[] src = in.pixels();
        float[] out = new float[src.length];
        for (int row = 0; row < c * h; row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) out[base + x] = src[base + w - 1 - x];
        }
        return new FloatImage(c, h, w, out);
    }
}
