package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accuracy under attack, over all examples. An example counts as robust only if the model is right both on the
 * clean input and on its adversarial version (the RobustBench convention: a clean mistake is never "robust", even if
 * the perturbation happens to land on the true class).
 */
public final class RobustAccuracy {
    private RobustAccuracy() {}

    public static Proportion of(int[] cleanPredictions, int[] adversarialPredictions, int[] labels) {
        Labels.checkNotEmpty("labels", labels);
        Labels.checkSameLength("cleanPredictions", cleanPredictions, "labels", labels.length);
        Labels.checkSameLength("adversarialPredictions", adversarialPredictions, "labels", labels.length);
        long robust = 0;
        for (int i = 0; i < labels.length; i++) {
            if (cleanPredictions[i] == labels[i] && adversarialPredictions[i] == labels[i]) robust++;
        }
        return Proportion.of(robust, labels.length);
    }

    public static Proportion of(INDArray cleanLogits, INDArray adversarialLogits, int[] labels) {
        Logits clean = Logits.of(cleanLogits);
        Logits adversarial = Logits.of(adversarialLogits);
        Labels.check("labels", labels, clean.numClasses());
        return of(clean.argmax(), adversarial.argmax(), labels);
    }

    /** Plain accuracy on the adversarial predictions alone, for attacks run on every example. */
    public static Proportion adversarialOnly(int[] adversarialPredictions, int[] labels) {
        return Accuracy.of(adversarialPredictions, labels);
    }
}
