package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/** RGB to one luminance channel with torchvision's weights 0.2989 R + 0.587 G + 0.114 B. */
public final class Grayscale implements ImageTransform {
    @Override
    public Image apply(Image image, RandomGenerator rng) {
        FloatImage in = image.toFloat();
        if (in.channels() == 1) return in;
        return new FloatImage(1, in.height(), in.width(), luminance(in));
    }

    /** Per-pixel luminance of a 3-channel image (H*W values). */
    static float[] luminance(FloatImage rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("expected a 3-channel image, got " + rgb.shapeString());
        }
        int hw = rgb.height() * rgb.width();
        float[] p = rgb.pixels();
        float[] out = new float[hw];
        for (int i = 0; i < hw; i++) out[i] = 0.2989f * p[i] + 0.587f * p[hw + i] + 0.114f * p[2 * hw + i];
        return out;
    }
}
