package dev.mamori.data.transforms;

import dev.mamori.data.ByteImage;
import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/**
 * Shrinks an image by an integer factor with area averaging (PIL's {@code Image.BOX}, OpenCV's {@code INTER_AREA}
 * for integer factors, {@code F.avg_pool2d(x, factor)}): each output pixel is the mean of the factor x factor block it
 * covers, so thin strokes fade instead of vanishing as they would with nearest-neighbour sampling. 8-bit images stay
 * 8-bit (the mean is rounded half up); float images stay float.
 */
public final class AreaDownscale implements ImageTransform {
    private final int factor;

    public AreaDownscale(int factor) {
        if (factor < 1) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        this.factor = factor;
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        return image instanceof ByteImage b ? of(b, factor) : of(image.toFloat(), factor);
    }

    /** The 8-bit image shrunk by {@code factor} (its height and width must be multiples of it). */
    public static ByteImage of(ByteImage in, int factor) {
        int c = in.channels(), oh = outSize(in.height(), factor, in), ow = outSize(in.width(), factor, in);
        if (factor == 1) return in;
        int area = factor * factor;
        byte[] out = new byte[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) sum += in.get(ch, y * factor + dy, x * factor + dx);
                    }
                    out[(ch * oh + y) * ow + x] = (byte) ((sum + area / 2) / area);
                }
            }
        }
        return new ByteImage(c, oh, ow, out);
    }

    /** The float image shrunk by {@code factor} (its height and width must be multiples of it). */
    public static FloatImage of(FloatImage in, int factor) {
        int c = in.channels(), oh = outSize(in.height(), factor, in), ow = outSize(in.width(), factor, in);
        if (factor == 1) return in;
        float[] out = new float[c * oh * ow];
        float scale = 1f / (factor * factor);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        for (int dx = 0; dx < factor; dx++) sum += in.get(ch, y * factor + dy, x * factor + dx);
                    }
                    out[(ch * oh + y) * ow + x] = sum * scale;
                }
            }
        }
        return new FloatImage(c, oh, ow, out);
    }

    private static int outSize(int size, int factor, Image in) {
        if (factor < 1) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        if (size % factor != 0) {
            throw new IllegalArgumentException("a " + in.shapeString() + " image cannot be shrunk by " + factor
                    + " with area averaging: its sides must be multiples of the factor");
        }
        return size / factor;
    }
}
