package dev.mamori.data;

import java.util.Arrays;

/**
 * Raw unsigned 8-bit pixels in CHW layout, as stored by IDX, CIFAR and decoded PNG/JPEG files. The array is shared,
 * not copied: readers hand out views of their storage, so do not modify it.
 */
public final class ByteImage implements Image {
    /** k / 255f, exactly as torchvision's ToTensor divides (a multiplication by 1/255 can differ in the last bit). */
    private static final float[] UNIT = new float[256];

    static {
        for (int k = 0; k < 256; k++) UNIT[k] = k / 255f;
    }

    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int offset;

    /** Wraps pixels[offset .. offset + c*h*w) without copying. */
    public ByteImage(int channels, int height, int width, byte[] pixels, int offset) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        long need = (long) channels * height * width;
        if (offset < 0 || offset + need > pixels.length) {
            throw new IllegalArgumentException("pixel array of length " + pixels.length + " cannot hold a "
                    + channels + "x" + height + "x" + width + " image at offset " + offset);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.offset = offset;
    }

    public ByteImage(int channels, int height, int width, byte[] pixels) {
        this(channels, height, width, pixels, 0);
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " pixels for a "
                    + channels + "x" + height + "x" + width + " image, got " + pixels.length);
        }
    }

    @Override public int channels() { return channels; }
    @Override public int height() { return height; }
    @Override public int width() { return width; }

    /** Unsigned pixel value 0..255 at (channel, y, x). */
    public int get(int channel, int y, int x) {
        return pixels[offset + (channel * height + y) * width + x] & 0xFF;
    }

    @Override
    public float value(int channel, int y, int x) {
        return get(channel, y, x);
    }

    /** Unsigned value of the i-th pixel in CHW order. */
    public int getFlat(int i) {
        return pixels[offset + i] & 0xFF;
    }

    /** A copy of the pixels in CHW order. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(pixels, offset, offset + size());
    }

    /** Writes pixel / 255 into dst[dstOffset ..), the collate fast path (no intermediate FloatImage). */
    public void copyScaledInto(float[] dst, int dstOffset) {
        int n = size();
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = UNIT[pixels[offset + i] & 0xFF];
        }
    }


    @Override
    public FloatImage toFloat() {
        float[] out = new float[size()];
        copyScaledInto(out, 0);
        return new FloatImage(channels, height, width, out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ByteImage b) || b.channels != channels || b.height != height || b.width != width) return false;
        return Arrays.equals(pixels, offset, offset + size(), b.pixels, b.offset, b.offset + b.size());
    }

    @Override
    public int hashCode() {
        int h = 31 * (31 * channels + height) + width;
        for (int i = 0; i < size(); i++) h = 31 * h + pixels[offset + i];
        return h;
    }

    @Override
    public String toString() {
        return "ByteImage[" + shapeString() + "]";
    }
}
