package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;

/** Cropping and padding of float images, shared by the crop transforms. */
public final class Crops {
    private Crops() {}

    /**
     * The window of size (height, width) whose top-left corner is (top, left); the window may reach outside the image,
     * where pixels come from the padding mode (fill for CONSTANT).
     */
    public static FloatImage window(FloatImage in, int top, int left, int height, int width, PaddingMode mode, float fill) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + height + "x" + width);
        }
        int c = in.channels(), h = in.height(), w = in.width();
        float[] src = in.pixels();
        float[] out = new float[c * height * width];
        int[] cols = new int[width];
        for (int x = 0; x < width; x++) cols[x] = mode.sourceIndex(left + x, w);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < height; y++) {
                int sy = mode.sourceIndex(top + y, h);
                int dst = (ch * height + y) * width;
                if (sy < 0) {
                    java.util.Arrays.fill(out, dst, dst + width, fill);
                    continue;
                }
                int row = (ch * h + sy) * w;
                for (int x = 0; x < width; x++) out[dst + x] = cols[x] < 0 ? fill : src[row + cols[x]];
            }
        }
        return new FloatImage(c, height, width, out);
    }

    /** Pads each side by the given number of pixels. */
    public static FloatImage pad(FloatImage in, int left, int top, int right, int bottom, PaddingMode mode, float fill) {
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new IllegalArgumentException("padding must be >= 0");
        }
        if (mode == PaddingMode.REFLECT && (Math.max(left, right) >= in.width() || Math.max(top, bottom) >= in.height())) {
            throw new IllegalArgumentException("reflect padding must be smaller than the image (" + in.shapeString() + ")");
        }
        return window(in, -top, -left, in.height() + top + bottom, in.width() + left + right, mode, fill);
    }
}
