package dev.mamori.data;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacks equal-shaped images into one [B, C, H, W] float32 array with a single {@code Nd4j.create} call (many small
 * native allocations are slow). Raw 8-bit images are scaled by 1/255 on the way, as ToTensor would.
 */
public final class ImageBatchCollator implements Collator<LabeledImage, Batch> {

    static {
        NativeBackend.ensureConfigured();
    }

    @Override
    public Batch collate(List<? extends LabeledImage> examples, int[] indices) {
        int[] labels = new int[examples.size()];
        for (int b = 0; b < labels.length; b++) labels[b] = examples.get(b).label();
        return new Batch(stack(examples.stream().map(LabeledImage::image).toList(), indices), labels, indices.clone());
    }

    /** [B, C, H, W] float32 from equal-shaped images; indices name the examples in errors. */
    static INDArray stack(List<Image> images, int[] indices) {
        if (images.isEmpty()) throw new IllegalArgumentException("cannot collate an empty batch");
        Image first = images.get(0);
        int c = first.channels(), h = first.height(), w = first.width(), chw = c * h * w;
        float[] data = new float[images.size() * chw];
        for (int b = 0; b < images.size(); b++) {
            Image img = images.get(b);
            if (img.channels() != c || img.height() != h || img.width() != w) {
                throw new IllegalArgumentException("cannot batch images of different shapes: dataset index " + indices[0]
                        + " is " + first.shapeString() + " but index " + indices[b] + " is " + img.shapeString()
                        + " (add a Resize or CenterCrop transform)");
            }
            if (img instanceof ByteImage bytes) {
                bytes.copyScaledInto(data, b * chw);
            } else {
                System.arraycopy(((FloatImage) img).pixels(), 0, data, b * chw, chw);
            }
        }
        return Nd4j.create(data, new long[] {images.size(), c, h, w}, DataType.FLOAT);
    }
}
