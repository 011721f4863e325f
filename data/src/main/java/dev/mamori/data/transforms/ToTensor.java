package dev.mamori.data.transforms;

import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/** Raw 8-bit pixels to floats in [0, 1] (divided by 255); float images pass unchanged. */
public final class ToTensor implements ImageTransform {
    @Override
    public Image apply(Image image, RandomGenerator rng) {
        return image.toFloat();
    }
}
