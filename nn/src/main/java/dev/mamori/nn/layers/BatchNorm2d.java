package dev.mamori.nn.layers;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Normalization;
import dev.mamori.nn.Buffer;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization over channel dim 1 (PyTorch BatchNorm2d on [N, C, H, W]; also takes [N, C] like BatchNorm1d). Training: batch
 * mean and biased variance; running_mean/running_var move by {@code momentum} towards the batch mean and unbiased
 * variance, and num_batches_tracked counts steps. Eval: running statistics.
 */
public class BatchNorm2d extends Module {
    public final int numFeatures;
    public final double eps, momentum;
    public final Tensor weight, bias;
    public final Buffer runningMean, runningVar, numBatchesTracked;

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Init.ones(numFeatures));
        this.bias = registerParameter("bias", Init.zeros(numFeatures));
        this.runningMean = registerBuffer("running_mean", Nd4j.zeros(DataType.FLOAT, numFeatures));
        this.runningVar = registerBuffer("running_var", Nd4j.ones(DataType.FLOAT, numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Nd4j.scalar(DataType.LONG, 0L));
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (x.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + ") got " + x.size(1) + " channels");
        }
        Normalization.BatchNormResult r = Normalization.batchNorm(x, weight, bias, runningMean.value(), runningVar.value(), isTraining(), eps);
        if (isTraining()) updateRunningStatistics(r.batchMean(), r.batchVarUnbiased());
        return r.output();
    }

    /**
     * Whether {@link #callAfter} may run {@code previous} and this module as one op: an exact GELU followed by this
     * module in eval mode, neither with forward hooks (a hook must see the GELU output).
     */
    public boolean fusesAfter(Module previous) {
        return !isTraining() && previous instanceof Activation a && a.isExactGelu() && !a.hasForwardHooks() && !hasForwardHooks();
    }

    /** This module applied to GELU(x), as one fused op (ConvMixer's GELU, BatchNorm pairs at inference). */
    public Tensor callAfter(Module previous, Tensor x) {
        return callAfter(previous, x, null);
    }

    /** {@link #callAfter(Module, Tensor)} plus {@code residual} (null for none), the addition fused into the same op. */
    public Tensor callAfter(Module previous, Tensor x, Tensor residual) {
        if (!fusesAfter(previous)) throw new IllegalStateException("BatchNorm2d cannot be fused after " + previous.describe());
        if (x.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + ") got " + x.size(1) + " channels");
        }
        return Normalization.geluBatchNormEvalPlus(x, weight, bias, runningMean.value(), runningVar.value(), eps, residual);
    }

    private void updateRunningStatistics(INDArray mean, INDArray varUnbiased) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            // in place, so the buffers keep living outside any memory scope
            runningMean.value().muli(1 - momentum).addi(mean.mul(momentum));
            runningVar.value().muli(1 - momentum).addi(varUnbiased.mul(momentum));
            numBatchesTracked.value().addi(1);
        }
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum;
    }
}
