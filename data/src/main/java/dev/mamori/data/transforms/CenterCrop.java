package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/**
 * torchvision's CenterCrop: the central window, offsets rounded half-to-even as Python's round(); a crop larger
 * than the image is zero-padded (the extra pixel of an odd difference goes right/bottom).
 */
public final class CenterCrop implements ImageTransform {
    private final int height;
    private final int width;

    public CenterCrop(int size) {
        this(size, size);
    }

    public CenterCrop(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("crop size must be positive");
        this.height = height;
        this.width = width;
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        return crop(image.toFloat(), height, width);
    }

    public static FloatImage crop(FloatImage img, int height, int width) {
        if (width > img.width() || height > img.height()) {
            int left = width > img.width() ? (width - img.width()) / 2 : 0;
            int top = height > img.height() ? (height - img.height()) / 2 : 0;
            int right = width > img.width() ? (width - img.width() + 1) / 2 : 0;
            int bottom = height > img.height() ? (height - img.height() + 1) / 2 : 0;
            img = Crops.pad(img, left, top, right, bottom, PaddingMode.CONSTANT, 0f);
        }
        if (img.height() == height && img.width() == width) return img;
        int top = (int) Math.rint((img.height() - height) / 2.0);
        int left = (int) Math.rint((img.width() - width) / 2.0);
        return Crops.window(img, top, left, height, width, PaddingMode.CONSTANT, 0f);
    }
}
