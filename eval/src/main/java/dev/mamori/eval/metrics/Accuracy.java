package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Top-1, top-k and per-class accuracy, as {@link Proportion}s so that confidence intervals come for free.
 * Ties between scores are broken by class index (see {@link Logits}).
 */
public final class Accuracy {
    private Accuracy() {}

    public static Proportion top1(INDArray logits, int[] labels) {
        return topK(Logits.of(logits), labels, 1);
    }

    public static Proportion topK(INDArray logits, int[] labels, int k) {
        return topK(Logits.of(logits), labels, k);
    }

    /** Fraction of examples whose true class is among the k highest-ranked classes. */
    public static Proportion topK(Logits logits, int[] labels, int k) {
        if (k < 1 || k > logits.numClasses()) {
            throw new IllegalArgumentException("k must be in [1, " + logits.numClasses() + "] (the number of classes), got " + k);
        }
        Labels.checkSameLength("labels", labels, "logits", logits.size());
        Labels.check("labels", labels, logits.numClasses());
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (logits.rank(i, labels[i]) < k) correct++;
        }
        return Proportion.of(correct, labels.length);
    }

    /** Fraction of predictions equal to the labels. */
    public static Proportion of(int[] predicted, int[] labels) {
        Labels.checkNotEmpty("labels", labels);
        Labels.checkSameLength("predictions", predicted, "labels", labels.length);
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) correct++;
        }
        return Proportion.of(correct, labels.length);
    }

    /** Accuracy restricted to each true class; classes without examples get a proportion with zero trials. */
    public static Proportion[] perClass(int[] predicted, int[] labels, int numClasses) {
        return ConfusionMatrix.of(predicted, labels, numClasses).perClassAccuracy();
    }

    public static Proportion[] perClass(INDArray logits, int[] labels) {
        return ConfusionMatrix.of(logits, labels).perClassAccuracy();
    }
}
