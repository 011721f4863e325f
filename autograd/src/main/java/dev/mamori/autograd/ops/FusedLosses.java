package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fused losses whose gradients are simpler and more stable than the composed form: the kernels behind the
 * PyTorch-style loss functions of {@code dev.mamori.nn.losses.Losses}.
 */
public final class FusedLosses {
    private FusedLosses() {}

    /**
     * Cross-entropy of logits [N, C] against integer labels, with PyTorch's label smoothing: the target is
     * (1 - eps) one-hot + eps / C.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, double labelSmoothing, Reduction reduction) {
        INDArray z = logits.value();
        long n = z.size(0), c = z.size(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("cross_entropy: " + labels.length + " labels for " + n + " rows of logits");
        }
        INDArray target = Nd4j.zeros(z.dataType(), n, c).addi(labelSmoothing / c);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("cross_entropy: label " + labels[i] + " at row " + i + " is outside [0, " + c + ")");
            }
            target.putScalar(i, labels[i], target.getDouble(i, labels[i]) + 1.0 - labelSmoothing);
        }
        return softTargetCrossEntropy(logits, target, reduction);
    }

    /** Cross-entropy against soft targets [N, C] (each row a distribution): -sum_c t log softmax(z). */
    public static Tensor softTargetCrossEntropy(Tensor logits, INDArray target, Reduction reduction) {
        INDArray z = logits.value();
        long n = z.size(0);
        INDArray logp = Activations.logSoftmaxValues(z, 1);
        INDArray perExample = logp.mul(target).sum(1).negi();
        INDArray out = reduce(perExample, reduction);
        INDArray targetMass = target.sum(true, 1);
        return Tensor.result("cross_entropy", out, (g, needs) -> {
            // d/dz = softmax(z) * sum(t) - t, per example
            INDArray d = Transforms.exp(logp, true).muliColumnVector(targetMass.reshape(n)).subi(target);
            return new INDArray[]{scaleRows(d, g, reduction, n)};
        }, logits);
    }

    /** Binary cross-entropy on logits: max(x,0) - x t + log(1 + exp(-|x|)), element-wise. */
    public static Tensor bceWithLogits(Tensor logits, INDArray target, Reduction reduction) {
        INDArray x = logits.value();
        INDArray loss = Transforms.relu(x, true).subi(x.mul(target))
                .addi(Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false));
        INDArray out = reduce(loss, reduction);
        long count = x.length();
        return Tensor.result("bce_with_logits", out, (g, needs) -> {
            INDArray d = Transforms.sigmoid(x, true).subi(target);
            return new INDArray[]{switch (reduction) {
                case MEAN -> d.muli(g.getDouble(0) / count);
                case SUM -> d.muli(g.getDouble(0));
                case NONE -> d.muli(g);
            }};
        }, logits);
    }

    private static INDArray reduce(INDArray perElement, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> Nd4j.scalar(perElement.dataType(), perElement.meanNumber().doubleValue());
            case SUM -> Nd4j.scalar(perElement.dataType(), perElement.sumNumber().doubleValue());
            case NONE -> perElement;
        };
    }

    /** Multiplies per-example gradient rows by the upstream gradient of the reduced loss. */
    private static INDArray scaleRows(INDArray d, INDArray g, Reduction reduction, long n) {
        return switch (reduction) {
            case MEAN -> d.muli(g.getDouble(0) / n);
            case SUM -> d.muli(g.getDouble(0));
            case NONE -> d.muliColumnVector(g.reshape(n));
        };
    }
}
