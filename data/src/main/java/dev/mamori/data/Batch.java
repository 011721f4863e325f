package dev.mamori.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of labelled images.
 *
 * @param images  [B, C, H, W] float32
 * @param labels  B class labels
 * @param indices B dataset indices the examples came from
 */
public record Batch(INDArray images, int[] labels, int[] indices) {

    /** Number of examples in the batch. */
    public int size() {
        return labels.length;
    }
}
