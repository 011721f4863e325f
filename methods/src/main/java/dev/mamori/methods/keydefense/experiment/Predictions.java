package dev.mamori.methods.keydefense.experiment;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Top-1 predictions and accuracy of a classifier on images held in memory, in eval mode, without a tape. */
final class Predictions {
    private Predictions() {}

    static int[] of(Classifier model, INDArray images) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int n = Math.toIntExact(images.size(0));
            int[] out = new int[n];
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                try (MemoryScope ignored = MemoryScope.open("keydefense-predict"); GradMode.Scope off = GradMode.noGrad()) {
                    int[] p = model.call(Tensor.of(batch)).value().argMax(1).toIntVector();
                    System.arraycopy(p, 0, out, start, m);
                }
            }
            return out;
        } finally {
            model.setTraining(wasTraining);
        }
    }

    static Proportion accuracy(Classifier model, INDArray images, int[] labels) {
        int[] p = of(model, images);
        long right = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == labels[i]) right++;
        return Proportion.of(right, labels.length);
    }
}
