package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A batch of images copied once from an INDArray into a Java array, laid out [N, C, H, W] row-major. A single
 * image [C, H, W] becomes a batch of one, a single-channel image [H, W] a batch of one with one channel. Values are not range-checked here (metrics take a data range), but NaN
 * is rejected because it would silently poison every average.
 */
public record ImageBatch(float[] data, int count, int channels, int height, int width) {

    public static ImageBatch of(INDArray images) {
        return of(images, "images");
    }

    /** @param name used in error messages, e.g. "adversarial" */
    public static ImageBatch of(INDArray images, String name) {
        if (images == null) throw new IllegalArgumentException(name + " is null");
        long[] shape = images.shape();
        long[] nchw = switch (shape.length) {
            case 2 -> new long[] {1, 1, shape[0], shape[1]};
            case 3 -> new long[] {1, shape[0], shape[1], shape[2]};
            case 4 -> shape;
            default -> throw new IllegalArgumentException(name + " must have shape [N, C, H, W], [C, H, W] or [H, W], got " + Arrays.toString(shape));
        };
        if (images.length() == 0) throw new IllegalArgumentException(name + " is empty, shape " + Arrays.toString(shape));
        float[] data = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < data.length; i++) {
            if (Float.isNaN(data[i])) throw new IllegalArgumentException(name + " has NaN at flat index " + i + " (shape " + Arrays.toString(shape) + ")");
        }
        return new ImageBatch(data, Math.toIntExact(nchw[0]), Math.toIntExact(nchw[1]), Math.toIntExact(nchw[2]), Math.toIntExact(nchw[3]));
    }

    public int imageSize() {
        return channels * height * width;
    }

    public int planeSize() {
        return height * width;
    }

    /** Offset of image {@code n} in {@link #data()}. */
    public int offset(int n) {
        return n * imageSize();
    }

    /** One channel of one image as doubles, row-major [H, W]. */
    public double[] plane(int n, int channel) {
        double[] out = new double[planeSize()];
        int start = offset(n) + channel * planeSize();
        for (int i = 0; i < out.length; i++) out[i] = data[start + i];
        return out;
    }

    /** Fails unless {@code other} has exactly the same shape. */
    public void requireSameShape(ImageBatch other, String thisName, String otherName) {
        if (count != other.count || channels != other.channels || height != other.height || width != other.width) {
            throw new IllegalArgumentException(thisName + " has shape " + shapeText() + " but " + otherName + " has " + other.shapeText());
        }
    }

    public String shapeText() {
        return "[" + count + ", " + channels + ", " + height + ", " + width + "]";
    }
}
