package dev.mamori.nn.losses;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The losses of PyTorch's torch.nn.functional with the same definitions: cross-entropy (label smoothing, soft
 * targets), binary cross-entropy with logits, MSE, L1 and KL divergence.
 */
public final class Losses {
    private Losses() {}

    /** Mean cross-entropy of logits [N, C] against labels. */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        return dev.mamori.autograd.ops.FusedLosses.crossEntropy(logits, labels, 0.0, Reduction.MEAN);
    }

    /** Cross-entropy with PyTorch's label_smoothing (target (1 - eps) one-hot + eps / C). */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double labelSmoothing, Reduction reduction) {
        return dev.mamori.autograd.ops.FusedLosses.crossEntropy(logits, labels, labelSmoothing, reduction);
    }

    /** Cross-entropy against soft targets [N, C] (mixup, distillation). */
    public static Tensor crossEntropy(Tensor logits, INDArray targetProbabilities, Reduction reduction) {
        return dev.mamori.autograd.ops.FusedLosses.softTargetCrossEntropy(logits, targetProbabilities, reduction);
    }

    public static Tensor bceWithLogits(Tensor logits, INDArray targets, Reduction reduction) {
        return dev.mamori.autograd.ops.FusedLosses.bceWithLogits(logits, targets, reduction);
    }

    public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
        return reduce(prediction.sub(target).square(), reduction);
    }

    public static Tensor l1(Tensor prediction, Tensor target, Reduction reduction) {
        return reduce(prediction.sub(target).abs(), reduction);
    }

    /**
     * PyTorch's kl_div(input, target): input holds log-probabilities, target probabilities (or log-probabilities with
     * {@code logTarget}); pointwise target * (log target - input). BATCHMEAN divides the sum by the batch size.
     */
    public static Tensor klDiv(Tensor inputLogProbs, Tensor target, KlReduction reduction, boolean logTarget) {
        Tensor pointwise = logTarget
                ? target.exp().mul(target.sub(inputLogProbs))
                : target.mul(target.clamp(1e-30, Double.MAX_VALUE).log().sub(inputLogProbs));
        return switch (reduction) {
            case BATCHMEAN -> pointwise.sum().div(inputLogProbs.size(0));
            case MEAN -> pointwise.mean();
            case SUM -> pointwise.sum();
            case NONE -> pointwise;
        };
    }

    /** Reductions of kl_div, which adds "batchmean". */
    public enum KlReduction { BATCHMEAN, MEAN, SUM, NONE }

    private static Tensor reduce(Tensor t, Reduction r) {
        return switch (r) {
            case MEAN -> t.mean();
            case SUM -> t.sum();
            case NONE -> t;
        };
    }
}
