package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/**
 * torchvision's RandomCrop: pad every side by {@code padding}, then (with padIfNeeded) pad images still smaller
 * than the crop, then cut a window at a uniformly random position (top first, then left).
 */
public final class RandomCrop implements ImageTransform {
    private final int height;
    private final int width;
    private final int padding;
    private final boolean padIfNeeded;
    private final PaddingMode mode;
    private final float fill;

    /** A square crop of the given size after zero-padding every side (the CIFAR recipe: size 32, padding 4). */
    public RandomCrop(int size, int padding) {
        this(size, size, padding, false, PaddingMode.CONSTANT, 0f);
    }

    public RandomCrop(int height, int width, int padding, boolean padIfNeeded, PaddingMode mode, float fill) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("crop size must be positive");
        if (padding < 0) throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        this.height = height;
        this.width = width;
        this.padding = padding;
        this.padIfNeeded = padIfNeeded;
        this.mode = mode;
        this.fill = fill;
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        FloatImage img = image.toFloat();
        if (padding > 0) img = Crops.pad(img, padding, padding, padding, padding, mode, fill);
        if (padIfNeeded && img.width() < width) {
            int d = width - img.width(); // torchvision pads both sides by the full difference
            img = Crops.pad(img, d, 0, d, 0, mode, fill);
        }
        if (padIfNeeded && img.height() < height) {
            int d = height - img.height();
            img = Crops.pad(img, 0, d, 0, d, mode, fill);
        }
        if (img.height() < height || img.width() < width) {
            throw new IllegalArgumentException("crop " + height + "x" + width + " is larger than the (padded) image "
                    + img.height() + "x" + img.width());
        }
        if (img.height() == height && img.width() == width) return img;
        int top = rng.nextInt(img.height() - height + 1);
        int left = rng.nextInt(img.width() - width + 1);
        return Crops.window(img, top, left, height, width, PaddingMode.CONSTANT, 0f);
    }
}
