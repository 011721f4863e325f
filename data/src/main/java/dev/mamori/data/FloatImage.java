package dev.mamori.data;

import java.util.Arrays;

/**
 * Float pixels in CHW layout, normally in [0, 1] (after Normalize they may leave it). The array is used as given,
 * not copied; transforms always return new images and never modify their input.
 */
public final class FloatImage implements Image {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] pixels;

    public FloatImage(int channels, int height, int width, float[] pixels) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " pixels for a "
                    + channels + "x" + height + "x" + width + " image, got " + pixels.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
    }

    /** An all-zero image. */
    public static FloatImage zeros(int channels, int height, int width) {
        return new FloatImage(channels, height, width, new float[channels * height * width]);
    }

    @Override public int channels() { return channels; }
    @Override public int height() { return height; }
    @Override public int width() { return width; }

    public float get(int channel, int y, int x) {
        return pixels[(channel * height + y) * width + x];
    }

    @Override
    public float value(int channel, int y, int x) {
        return get(channel, y, x);
    }

    /** The backing CHW array itself (no copy): treat it as read-only unless you just created the image. */
    public float[] pixels() {
        return pixels;
    }

    @Override
    public FloatImage toFloat() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatImage f && f.channels == channels && f.height == height && f.width == width
                && Arrays.equals(f.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "FloatImage[" + shapeString() + "]";
    }
}
