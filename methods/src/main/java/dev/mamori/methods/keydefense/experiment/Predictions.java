package dev.mamori.methods.keydefense.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Accuracy of a classifier on images held in memory, from the shared top-1 predictions. */
final class Predictions {
    private Predictions() {}

    static Proportion accuracy(Classifier model, INDArray images, int[] labels) {
        int[] p = dev.mamori.methods.common.Predictions.of(model, images);
        long right = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == labels[i]) right++;
        return Proportion.of(right, labels.length);
    }
}
