package dev.mamori.data;

import java.util.List;
import java.util.Objects;

/**
 * Equal-sized 8-bit images and their labels held in one array (what the IDX and CIFAR readers return). get(i) is
 * a view, not a copy, so random access is cheap.
 */
public final class InMemoryImageDataset implements Dataset<ImageExample> {
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classes;

    /**
     * @param pixels  N * channels * height * width bytes, image after image, each CHW
     * @param labels  N labels, each in [0, classes.size()) when classes are named
     */
    public InMemoryImageDataset(int channels, int height, int width, byte[] pixels, int[] labels, List<String> classes) {
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(labels.length + " images of " + channels + "x" + height + "x" + width
                    + " need " + expected + " bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || (!classes.isEmpty() && labels[i] >= classes.size())) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + classes.size() + ")");
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.classes = List.copyOf(classes);
    }

    @Override public int size() { return labels.length; }

    @Override
    public ImageExample get(int index) {
        Objects.checkIndex(index, labels.length);
        int chw = channels * height * width;
        return new ImageExample(new ByteImage(channels, height, width, pixels, index * chw), labels[index]);
    }

    @Override
    public int labelAt(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    @Override public List<String> classes() { return classes; }

    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }

    /** All labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }
}
