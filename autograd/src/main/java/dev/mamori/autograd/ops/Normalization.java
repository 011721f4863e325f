package dev.mamori.autograd.ops;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.kernels.BatchNormKernel;
import dev.mamori.autograd.kernels.CpuKernels;
import dev.mamori.autograd.kernels.GeluKernel;
import dev.mamori.autograd.kernels.LayerNormKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Normalization written from primitives with hand-derived backward rules (libnd4j's batchnorm backward is unusable
 * on M2.1, upstream #9029, and there is no group-norm op). Every large multiply is between same-shape arrays or a
 * row/column-vector broadcast, which measured fastest.
 */
public final class Normalization {
    private Normalization() {}

    /** (x - mean) / sqrt(var + eps) over the last dim (biased variance), no affine part. */
    public static Tensor standardizeLastDim(Tensor a, double eps) {
        INDArray x = a.value();
        long[] s = x.shape();
        long d = s[s.length - 1];
        long rows = x.length() / d;
        INDArray x2 = x.reshape('c', rows, d);
        INDArray mean = x2.mean(1);
        INDArray xc = x2.subColumnVector(mean);
        INDArray var = xc.mul(xc).mean(1);
        INDArray rstd = Transforms.pow(var.addi(eps), -0.5, false);
        INDArray xhat = xc.muliColumnVector(rstd);
        INDArray out = xhat.reshape('c', s);
        return Tensor.result("standardize", out, (g, needs) -> {
            INDArray g2 = g.reshape('c', rows, d);
            // dx = rstd * (g - mean(g) - xhat * mean(g * xhat))
            INDArray meanG = g2.mean(1);
            INDArray meanGX = g2.mul(xhat).mean(1);
            INDArray dx = g2.subColumnVector(meanG).subi(xhat.mulColumnVector(meanGX)).muliColumnVector(rstd);
            return new INDArray[]{dx.reshape('c', s)};
        }, a);
    }

    /** LayerNorm over the last dim with weight and bias (either may be null). */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        INDArray w = weight == null ? null : weight.value(), b = bias == null ? null : bias.value();
        long dim = x.size(-1);
        boolean vectors = (w == null || w.length() == dim) && (b == null || b.length() == dim);
        if (vectors && CpuKernels.applicable("layer_norm", x.value(), w, b)) return fusedLayerNorm(x, weight, bias, eps);
        return layerNormOpByOp(x, weight, bias, eps);
    }

    /** Layer norm as standardize, multiply, add: the reference path of every data type and backend. */
    static Tensor layerNormOpByOp(Tensor x, Tensor weight, Tensor bias, double eps) {
        Tensor y = standardizeLastDim(x, eps);
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    /** Layer norm through the fused float32 kernel (same results as the op-by-op path within float rounding). */
    private static Tensor fusedLayerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        INDArray xv = CpuKernels.contiguous(x.value());
        int dim = (int) xv.size(-1);
        float[] w = weight == null ? null : weight.value().toFloatVector(), b = bias == null ? null : bias.value().toFloatVector();
        LayerNormKernel.Forward f = LayerNormKernel.forward(xv, dim, w, b, eps);
        return Tensor.result("layer_norm", f.output(), (g, needs) -> LayerNormKernel.backward(xv, CpuKernels.contiguous(g), dim, w,
                f.mean(), f.rstd(), needs[0], needs[1], needs[2]), x, weight, bias);
    }

    /** GroupNorm on NCHW (or NC...) input: statistics per sample over each group of channels. */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        long[] s = x.shape();
        if (s[1] % groups != 0) throw new IllegalArgumentException("group_norm: " + s[1] + " channels not divisible by " + groups + " groups");
        Tensor y = standardizeLastDim(x.reshape(s[0], groups, -1), eps).reshape(s);
        long[] chan = new long[s.length];
        java.util.Arrays.fill(chan, 1);
        chan[1] = s[1];
        if (weight != null) y = y.mul(weight.reshape(chan));
        if (bias != null) y = y.add(bias.reshape(chan));
        return y;
    }

    /** The output of batch norm and, in training mode, the batch statistics used to update running averages. */
    public record BatchNormResult(Tensor output, INDArray batchMean, INDArray batchVarUnbiased) {}

    /**
     * BatchNorm over NCHW (or NC) input. Training: normalize with batch mean and biased batch variance; the returned
     * unbiased variance is what PyTorch folds into running_var. Eval: the running statistics are constants.
     */
    public static BatchNormResult batchNorm(Tensor x, Tensor weight, Tensor bias, INDArray runningMean,
                                            INDArray runningVar, boolean training, double eps) {
        INDArray xv = x.value();
        long[] s = xv.shape();
        long c = s[1];
        int[] reduce = s.length == 4 ? new int[]{0, 2, 3} : new int[]{0};
        long n = xv.length() / c;
        INDArray w = weight == null ? Nd4j.ones(xv.dataType(), c) : weight.value();
        INDArray b = bias == null ? Nd4j.zeros(xv.dataType(), c) : bias.value();
        Tensor[] inputs = {x, weight, bias};
        if (CpuKernels.applicable("batch_norm", xv, w, b)) return fusedBatchNorm(x, inputs, w.toFloatVector(), b.toFloatVector(), runningMean, runningVar, training, eps);
        if (!training) {
            INDArray rstd = Transforms.pow(runningVar.castTo(xv.dataType()).add(eps), -0.5, false);
            INDArray scale = rstd.mul(w);
            INDArray shift = b.sub(runningMean.castTo(xv.dataType()).mul(scale));
            INDArray out = channelAffine(xv, scale, shift);
            return new BatchNormResult(Tensor.result("batch_norm_eval", out, (g, needs) -> {
                INDArray[] grads = new INDArray[3];
                if (needs[0]) grads[0] = channelScale(g, scale);
                if (needs[1]) {
                    INDArray xhat = channelAffine(xv, rstd, runningMean.castTo(xv.dataType()).mul(rstd).negi());
                    grads[1] = g.mul(xhat).sum(reduce);
                }
                if (needs[2]) grads[2] = g.sum(reduce);
                return grads;
            }, inputs), null, null);
        }
        INDArray mean = xv.mean(reduce);
        INDArray xc = channelAffine(xv, null, mean.neg());
        INDArray var = xc.mul(xc).mean(reduce);
        INDArray varUnbiased = n > 1 ? var.mul((double) n / (n - 1)) : var.dup();
        INDArray rstd = Transforms.pow(var.add(eps), -0.5, false);
        INDArray xhat = channelScale(xc, rstd);
        INDArray out = channelAffine(xhat, w, b);
        Tensor result = Tensor.result("batch_norm", out, (g, needs) -> {
            INDArray[] grads = new INDArray[3];
            INDArray sumG = g.sum(reduce);
            INDArray sumGX = g.mul(xhat).sum(reduce);
            if (needs[0]) {
                // dx = w * rstd / n * (n g - sum(g) - xhat * sum(g xhat))
                INDArray k = w.mul(rstd);
                INDArray dx = channelAffine(g, k, sumG.mul(k).divi(-n));
                dx.subi(channelScale(xhat, sumGX.mul(k).divi(n)));
                grads[0] = dx;
            }
            if (needs[1]) grads[1] = sumGX;
            if (needs[2]) grads[2] = sumG;
            return grads;
        }, inputs);
        return new BatchNormResult(result, mean, varUnbiased);
    }

    /**
     * Eval-mode batch norm of GELU(x) (exact GELU), as one fused op on float32 CPU arrays: one pass forward (GELU and
     * the per-channel affine map), one backward; the GELU output is never written. Otherwise, and as the reference,
     * the two ops one after the other.
     */
    public static Tensor geluBatchNormEval(Tensor x, Tensor weight, Tensor bias, INDArray runningMean, INDArray runningVar, double eps) {
        return geluBatchNormEvalPlus(x, weight, bias, runningMean, runningVar, eps, null);
    }

    /**
     * {@link #geluBatchNormEval} plus {@code residual} (a tensor of x's shape, or null for none): with the fused
     * kernel the addition is part of the same pass (switch {@code residual_add}); the residual's gradient is the
     * upstream gradient itself.
     */
    public static Tensor geluBatchNormEvalPlus(Tensor x, Tensor weight, Tensor bias, INDArray runningMean, INDArray runningVar,
                                               double eps, Tensor residual) {
        INDArray xv = x.value();
        long c = xv.size(1);
        INDArray w = weight == null ? null : weight.value(), b = bias == null ? null : bias.value();
        if (xv.rank() < 2 || !CpuKernels.applicable("gelu_batch_norm", xv, w, b)) {
            Tensor y = batchNorm(Activations.geluExact(x), weight, bias, runningMean, runningVar, false, eps).output();
            return residual == null ? y : y.add(residual);
        }
        boolean fuseResidual = residual != null && CpuKernels.applicable("residual_add", residual.value())
                && java.util.Arrays.equals(residual.shape(), xv.shape());
        if (residual != null && !fuseResidual) {
            return geluBatchNormEvalPlus(x, weight, bias, runningMean, runningVar, eps, null).add(residual);
        }
        float[] mean = runningMean.toFloatVector(), var = runningVar.toFloatVector();
        float[] rstd = new float[(int) c], scale = new float[(int) c], shift = new float[(int) c];
        for (int i = 0; i < c; i++) {
            float wi = w == null ? 1f : w.getFloat(i), bi = b == null ? 0f : b.getFloat(i);
            rstd[i] = (float) (1.0 / Math.sqrt(var[i] + eps));
            scale[i] = rstd[i] * wi;
            shift[i] = bi - mean[i] * scale[i];
        }
        INDArray xc = CpuKernels.contiguous(xv);
        // The derivative is kept only when a backward pass can ask for the input gradient (the tape knows).
        INDArray[] r = GeluKernel.forwardChannelAffine(xc, scale, shift,
                residual == null ? null : CpuKernels.contiguous(residual.value()), GradMode.isEnabled() && x.requiresGrad());
        INDArray out = r[0], derivative = r[1];
        String op = residual == null ? "gelu_batch_norm_eval" : "gelu_batch_norm_eval_add";
        return Tensor.result(op, out, (g, needs) -> {
            INDArray[] grads = new INDArray[needs.length];
            if (needs[0]) {
                // x can be marked as requiring a gradient after this forward pass: then compute the derivative now.
                INDArray d = derivative != null ? derivative : GeluKernel.forwardChannelAffine(xc, scale, shift, null, true)[1];
                grads[0] = GeluKernel.backward(d, g);
            }
            INDArray gc = CpuKernels.contiguous(g);
            if (needs[1] || needs[2]) {
                float[][] sums = BatchNormKernel.channelSums(GeluKernel.forwardOnly(xc), gc, mean, rstd);
                if (needs[1]) grads[1] = Nd4j.createFromArray(sums[1]);
                if (needs[2]) grads[2] = Nd4j.createFromArray(sums[0]);
            }
            if (residual != null && needs[3]) grads[3] = g;
            return grads;
        }, residual == null ? new Tensor[]{x, weight, bias} : new Tensor[]{x, weight, bias, residual});
    }

    /** Batch norm through the fused float32 kernels (same results as the op-by-op path within float rounding). */
    private static BatchNormResult fusedBatchNorm(Tensor x, Tensor[] inputs, float[] w, float[] b, INDArray runningMean,
                                                  INDArray runningVar, boolean training, double eps) {
        INDArray xv = CpuKernels.contiguous(x.value());
        long n = xv.length() / xv.size(1);
        if (training) {
            BatchNormKernel.Forward f = BatchNormKernel.trainForward(xv, w, b, eps);
            float[] unbiased = new float[w.length];
            for (int i = 0; i < unbiased.length; i++) unbiased[i] = n > 1 ? (float) (f.varBiased()[i] * n / (n - 1)) : f.varBiased()[i];
            Tensor out = Tensor.result("batch_norm", f.output(), (g, needs) -> {
                INDArray[] r = BatchNormKernel.trainBackward(xv, CpuKernels.contiguous(g), w, f.mean(), f.rstd(), needs[0]);
                return new INDArray[]{r[0], needs[1] ? r[1] : null, needs[2] ? r[2] : null};
            }, inputs);
            return new BatchNormResult(out, Nd4j.createFromArray(f.mean()), Nd4j.createFromArray(unbiased));
        }
        float[] mean = runningMean.toFloatVector(), var = runningVar.toFloatVector();
        float[] rstd = new float[w.length], scale = new float[w.length], shift = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            rstd[i] = (float) (1.0 / Math.sqrt(var[i] + eps));
            scale[i] = rstd[i] * w[i];
            shift[i] = b[i] - mean[i] * scale[i];
        }
        Tensor out = Tensor.result("batch_norm_eval", BatchNormKernel.channelAffine(xv, scale, shift), (g, needs) -> {
            INDArray gc = CpuKernels.contiguous(g);
            INDArray[] grads = new INDArray[3];
            if (needs[0]) grads[0] = BatchNormKernel.channelAffine(gc, scale, null);
            if (needs[1] || needs[2]) {
                float[][] sums = BatchNormKernel.channelSums(xv, gc, mean, rstd);
                if (needs[1]) grads[1] = Nd4j.createFromArray(sums[1]);
                if (needs[2]) grads[2] = Nd4j.createFromArray(sums[0]);
            }
            return grads;
        }, inputs);
        return new BatchNormResult(out, null, null);
    }

    /** x * scale[c] + shift[c] along dim 1 (scale or shift may be null). */
    static INDArray channelAffine(INDArray x, INDArray scale, INDArray shift) {
        long[] vec = channelShape(x);
        INDArray out = scale == null ? x.dup() : x.mul(scale.reshape('c', vec));
        if (shift != null) out.addi(shift.reshape('c', vec));
        return out;
    }

    static INDArray channelScale(INDArray x, INDArray scale) {
        return x.mul(scale.reshape('c', channelShape(x)));
    }

    private static long[] channelShape(INDArray x) {
        long[] vec = new long[x.rank()];
        java.util.Arrays.fill(vec, 1);
        vec[1] = x.size(1);
        return vec;
    }
}
