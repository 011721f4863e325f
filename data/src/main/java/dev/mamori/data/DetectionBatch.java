package dev.mamori.data;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of detection examples of equal image size.
 *
 * @param images   [B, C, H, W] float32
 * @param objects  the boxes and categories of each image
 * @param imageIds the examples' image ids
 * @param indices  dataset indices
 */
public record DetectionBatch(INDArray images, List<List<BoxAnnotation>> objects, long[] imageIds, int[] indices) {

    /** Collates detection examples (images stacked, objects kept as lists). */
    public static final Collator<DetectionExample, DetectionBatch> COLLATOR = (examples, indices) -> {
        long[] ids = new long[examples.size()];
        for (int b = 0; b < ids.length; b++) ids[b] = examples.get(b).imageId();
        return new DetectionBatch(ImageBatchCollator.stack(examples.stream().map(DetectionExample::image).toList(), indices),
                examples.stream().map(DetectionExample::objects).toList(), ids, indices.clone());
    };

    public int size() {
        return indices.length;
    }
}
