package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/** Repeats the single channel of a grayscale image three times; 3-channel images pass unchanged. */
public final class GrayscaleToRgb implements ImageTransform {
    @Override
    public Image apply(Image image, RandomGenerator rng) {
        FloatImage in = image.toFloat();
        if (in.channels() == 3) return in;
        if (in.channels() != 1) {
            throw new IllegalArgumentException("GrayscaleToRgb needs 1 or 3 channels, got " + in.shapeString());
        }
        int hw = in.height() * in.width();
        float[] out = new float[3 * hw];
        for (int ch = 0; ch < 3; ch++) System.arraycopy(in.pixels(), 0, out, ch * hw, hw);
        return new FloatImage(3, in.height(), in.width(), out);
    }
}
