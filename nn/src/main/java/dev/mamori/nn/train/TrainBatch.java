package dev.mamori.nn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One mini-batch for a classifier: inputs [B, ...] and integer labels. */
public record TrainBatch(INDArray inputs, int[] labels) {
    public TrainBatch {
        if (inputs.size(0) != labels.length) {
            throw new IllegalArgumentException("batch of " + inputs.size(0) + " inputs with " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }
}
