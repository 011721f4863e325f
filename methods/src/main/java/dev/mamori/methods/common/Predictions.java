package dev.mamori.methods.common;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Predictions of a classifier on images held in memory (eval mode, no tape, batches of 256), shared by the methods
 * that score models on in-memory test sets (key defenses, backdoor removal).
 */
public final class Predictions {
    private Predictions() {}

    public static int[] of(Classifier model, INDArray images) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int n = Math.toIntExact(images.size(0));
            int[] out = new int[n];
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                try (MemoryScope ignored = MemoryScope.open("predict"); GradMode.Scope off = GradMode.noGrad()) {
                    int[] p = model.call(Tensor.of(batch)).value().argMax(1).toIntVector();
                    System.arraycopy(p, 0, out, start, m);
                }
            }
            return out;
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** Softmax probabilities [n][K] of a classifier on images held in memory (eval mode, no tape). */
    public static double[][] probabilities(Classifier model, INDArray images) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int n = Math.toIntExact(images.size(0));
            double[][] out = new double[n][];
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                try (MemoryScope ignored = MemoryScope.open("predict"); GradMode.Scope off = GradMode.noGrad()) {
                    double[][] p = model.call(Tensor.of(batch)).softmax(1).value().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
                    System.arraycopy(p, 0, out, start, m);
                }
            }
            return out;
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** The fraction of {@code predicted} equal to {@code labels}. */
    public static double agreement(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) throw new IllegalArgumentException(predicted.length + " predictions, " + labels.length + " labels");
        if (labels.length == 0) return Double.NaN;
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
        return (double) right / labels.length;
    }
}
