package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.assertFloat32Agrees;
import static dev.mamori.autograd.Gradients.assertPathsAgree;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.valueList;
import static dev.mamori.autograd.Gradients.values;
import static dev.mamori.autograd.Gradients.withKernelsOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Layer, group and batch normalization: values by hand and float64 gradients of input, weight and bias. */
class NormalizationGradientTest {

    /** A constant in the data type of the tensor it is used with (float64 for the check, float32 for the float32 run). */
    private static INDArray like(INDArray constant, Tensor t) {
        return constant.castTo(t.dataType());
    }

    @Test
    void layerNormValues() {
        Tensor x = Tensor.of(doubles(new double[]{1, 2, 3, 4, -1, 1, -1, 1}, 2, 4));
        double[] y = values(Normalization.layerNorm(x, null, null, 0).value());
        double s = Math.sqrt(1.25);
        assertThat(y).containsExactly(new double[]{-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s, -1, 1, -1, 1}, within(1e-12));
        Tensor w = Tensor.of(doubles(new double[]{2, 2, 2, 2}, 4)), b = Tensor.of(doubles(new double[]{1, 1, 1, 1}, 4));
        assertThat(values(Normalization.layerNorm(x, w, b, 0).value())[4]).isCloseTo(-1, within(1e-12));
    }

    @Test
    void layerNormGradients() {
        INDArray x = uniform(101, -1, 1, 2, 3, 5), w = uniform(102, 0.5, 1.5, 5), b = uniform(103, -1, 1, 5);
        assertGradientsMatch("layer norm affine", v -> Normalization.layerNorm(v.get(0), v.get(1), v.get(2), 1e-5), x, w, b);
        assertGradientsMatch("layer norm no affine", v -> Normalization.layerNorm(v.get(0), null, null, 1e-5), x);
    }

    /**
     * The fused float32 layer-norm kernel against the op-by-op path in float32: odd widths, rows spread over several
     * chunks (one row per chunk when a row is longer than a chunk), with and without the affine part.
     */
    @Test
    void layerNormKernelMatchesOpByOp() {
        for (long[] shape : new long[][]{{3, 7, 5}, {2, 1500, 96}, {4, 333}, {2, 40000}}) {
            long dim = shape[shape.length - 1];
            INDArray x = uniform(120, -2, 3, shape), w = uniform(121, 0.5, 1.5, dim), b = uniform(122, -1, 1, dim);
            String s = java.util.Arrays.toString(shape);
            assertPathsAgree("layer norm " + s, v -> Normalization.layerNorm(v.get(0), v.get(1), v.get(2), 1e-6),
                    v -> Normalization.layerNormOpByOp(v.get(0), v.get(1), v.get(2), 1e-6), x, w, b);
            assertFloat32Agrees("layer norm against float64 " + s, v -> Normalization.layerNorm(v.get(0), v.get(1), v.get(2), 1e-6), x, w, b);
            assertPathsAgree("layer norm without affine " + s, v -> Normalization.layerNorm(v.get(0), null, null, 1e-5),
                    v -> Normalization.layerNormOpByOp(v.get(0), null, null, 1e-5), x);
            assertPathsAgree("layer norm weight only " + s, v -> Normalization.layerNorm(v.get(0), v.get(1), null, 1e-5),
                    v -> Normalization.layerNormOpByOp(v.get(0), v.get(1), null, 1e-5), x, w);
        }
        // a view (a slice of a wider array) takes the same path through a contiguous copy
        INDArray wide = uniform(123, -1, 1, 6, 10).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7));
        INDArray fused = Normalization.layerNorm(Tensor.of(view), null, null, 1e-5).value();
        INDArray reference = Normalization.layerNormOpByOp(Tensor.of(view.dup('c')), null, null, 1e-5).value();
        dev.mamori.autograd.Gradients.assertClose("layer norm of a view", fused, reference, 1e-6, 1e-5);
    }

    @Test
    void groupNormValuesAndGradients() {
        INDArray x = uniform(104, -1, 1, 2, 4, 2, 3), w = uniform(105, 0.5, 1.5, 4), b = uniform(106, -1, 1, 4);
        for (int groups : new int[]{1, 2, 4}) {
            assertGradientsMatch("group norm groups " + groups, v -> Normalization.groupNorm(v.get(0), groups, v.get(1), v.get(2), 1e-5), x, w, b);
        }
        // each (sample, group) slab has mean 0 and biased variance 1 without affine
        INDArray y = Normalization.groupNorm(Tensor.of(x), 2, null, null, 0).value();
        INDArray slab = y.reshape('c', 2, 2, 12);
        assertThat(valueList(slab.mean(2))).allSatisfy(m -> assertThat(m).isCloseTo(0, within(1e-12)));
        assertThat(valueList(slab.var(false, 2))).allSatisfy(v -> assertThat(v).isCloseTo(1, within(1e-12)));
        assertThatThrownBy(() -> Normalization.groupNorm(Tensor.of(x), 3, null, null, 1e-5)).hasMessageContaining("4 channels not divisible by 3");
    }

    @Test
    void batchNormTrainingGradientsAndStatistics() {
        INDArray x = uniform(107, -1, 1, 3, 2, 2, 2), w = uniform(108, 0.5, 1.5, 2), b = uniform(109, -1, 1, 2);
        INDArray rm = Nd4j.zeros(x.dataType(), 2), rv = Nd4j.ones(x.dataType(), 2);
        assertGradientsMatch("batch norm train NCHW", v -> Normalization.batchNorm(v.get(0), v.get(1), v.get(2), like(rm, v.get(0)), like(rv, v.get(0)), true, 1e-5).output(), x, w, b);
        INDArray x2 = uniform(110, -1, 1, 4, 3);
        assertGradientsMatch("batch norm train NC", v -> Normalization.batchNorm(v.get(0), v.get(1), v.get(2), like(rm, v.get(0)), like(rv, v.get(0)), true, 1e-5).output(),
                x2, uniform(111, 0.5, 1.5, 3), uniform(112, -1, 1, 3));
        Normalization.BatchNormResult r = Normalization.batchNorm(Tensor.of(x), null, null, rm, rv, true, 0);
        INDArray perChannel = r.output().value().permute(1, 0, 2, 3).dup('c').reshape('c', 2, 12);
        assertThat(valueList(perChannel.mean(1))).allSatisfy(m -> assertThat(m).isCloseTo(0, within(1e-12)));
        assertThat(valueList(perChannel.var(false, 1))).allSatisfy(v -> assertThat(v).isCloseTo(1, within(1e-12)));
        // the returned statistics are the batch mean and the unbiased (n-1) variance
        INDArray xc = x.permute(1, 0, 2, 3).dup('c').reshape('c', 2, 12);
        assertThat(values(r.batchMean())).containsExactly(values(xc.mean(1)), within(1e-12));
        assertThat(values(r.batchVarUnbiased())).containsExactly(values(xc.var(true, 1)), within(1e-12));
    }

    /**
     * The fused batch-norm kernels (training and eval) against the op-by-op path in float32, on planes larger than a
     * cache line and an odd channel count; the op-by-op path is forced by naming the kernel in -Dmamori.kernels.off.
     */
    @Test
    void batchNormKernelMatchesOpByOp() {
        INDArray x = uniform(130, -2, 3, 5, 3, 9, 11), w = uniform(131, 0.5, 1.5, 3), b = uniform(132, -1, 1, 3);
        INDArray rm = doubles(new double[]{0.2, -0.1, 0.7}, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray rv = doubles(new double[]{0.5, 2.0, 1.3}, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        for (boolean training : new boolean[]{true, false}) {
            assertPathsAgree("batch norm training=" + training,
                    v -> Normalization.batchNorm(v.get(0), v.get(1), v.get(2), rm.dup(), rv.dup(), training, 1e-5).output(),
                    v -> withKernelsOff("batch_norm", () -> Normalization.batchNorm(v.get(0), v.get(1), v.get(2), rm.dup(), rv.dup(), training, 1e-5).output()),
                    x, w, b);
        }
    }

    /**
     * Exact GELU followed by eval-mode batch norm as one fused op: float64 finite differences (op-by-op in float64,
     * the fused kernel in the float32 half), and the fused float32 op against the two ops one after the other.
     */
    @Test
    void geluBatchNormEvalMatchesTheTwoOps() {
        INDArray rm = doubles(new double[]{0.2, -0.1, 0.0, 0.4}, 4), rv = doubles(new double[]{0.5, 2.0, 1.0, 0.8}, 4);
        INDArray w = uniform(134, 0.5, 1.5, 4), b = uniform(135, -1, 1, 4);
        assertGradientsMatch("gelu + batch norm eval", v -> Normalization.geluBatchNormEval(v.get(0), v.get(1), v.get(2),
                like(rm, v.get(0)), like(rv, v.get(0)), 1e-5), uniform(133, -3, 3, 2, 4, 3, 3), w, b);
        INDArray x = uniform(136, -4, 4, 3, 4, 7, 9);
        INDArray rm32 = rm.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), rv32 = rv.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        assertPathsAgree("gelu + batch norm eval",
                v -> Normalization.geluBatchNormEval(v.get(0), v.get(1), v.get(2), rm32, rv32, 1e-5),
                v -> Normalization.batchNorm(Activations.geluExact(v.get(0)), v.get(1), v.get(2), rm32, rv32, false, 1e-5).output(), x, w, b);
        assertPathsAgree("gelu + batch norm eval without affine",
                v -> Normalization.geluBatchNormEval(v.get(0), null, null, rm32, rv32, 1e-5),
                v -> withKernelsOff("gelu,batch_norm", () -> Normalization.batchNorm(Activations.geluExact(v.get(0)), null, null, rm32, rv32, false, 1e-5).output()), x);
    }

    /**
     * The same with a residual connection's addition fused in (ConvMixer's depthwise block at inference): float64
     * finite differences of all four inputs, and the fused float32 op against the fused pair followed by an add.
     */
    @Test
    void geluBatchNormEvalPlusResidualMatchesTheSeparateAddition() {
        INDArray rm = doubles(new double[]{0.2, -0.1, 0.0, 0.4}, 4), rv = doubles(new double[]{0.5, 2.0, 1.0, 0.8}, 4);
        INDArray w = uniform(137, 0.5, 1.5, 4), b = uniform(138, -1, 1, 4);
        assertGradientsMatch("gelu + batch norm eval + residual", v -> Normalization.geluBatchNormEvalPlus(v.get(0), v.get(1), v.get(2),
                like(rm, v.get(0)), like(rv, v.get(0)), 1e-5, v.get(3)), uniform(139, -3, 3, 2, 4, 3, 3), w, b, uniform(140, -1, 1, 2, 4, 3, 3));
        INDArray x = uniform(141, -4, 4, 3, 4, 7, 9), r = uniform(142, -2, 2, 3, 4, 7, 9);
        INDArray rm32 = rm.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), rv32 = rv.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        assertPathsAgree("gelu + batch norm eval + residual",
                v -> Normalization.geluBatchNormEvalPlus(v.get(0), v.get(1), v.get(2), rm32, rv32, 1e-5, v.get(3)),
                v -> Normalization.geluBatchNormEval(v.get(0), v.get(1), v.get(2), rm32, rv32, 1e-5).add(v.get(3)), x, w, b, r);
        assertPathsAgree("gelu + batch norm eval + residual, switched off",
                v -> withKernelsOff("residual_add", () -> Normalization.geluBatchNormEvalPlus(v.get(0), v.get(1), v.get(2), rm32, rv32, 1e-5, v.get(3))),
                v -> Normalization.geluBatchNormEval(v.get(0), v.get(1), v.get(2), rm32, rv32, 1e-5).add(v.get(3)), x, w, b, r);
    }

    /**
     * The attack's case (frozen weights, only the input wants a gradient) on ConvMixer-like 7x7 planes with an odd
     * channel count: the fused op's input gradient, one product with the derivative its forward pass kept, against
     * the op-by-op path in float32 (kernels off) and against the exact derivative w rstd (cdf(x) + x pdf(x)) computed
     * in float64, with and without the residual.
     */
    @Test
    void geluBatchNormEvalInputGradientWithFrozenWeightsMatchesOpByOpAndTheExactDerivative() {
        int c = 5;
        INDArray x = uniform(143, -5, 5, 3, c, 7, 7), res = uniform(144, -2, 2, 3, c, 7, 7), up = uniform(145, -1, 1, 3, c, 7, 7);
        INDArray w = uniform(146, 0.5, 1.5, c), b = uniform(147, -1, 1, c), rm = uniform(148, -0.5, 0.5, c), rv = uniform(149, 0.3, 2, c);
        INDArray w32 = w.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), b32 = b.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray rm32 = rm.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), rv32 = rv.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        double[] xs = values(x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)), ups = values(up.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)), ws = values(w), rvs = values(rv);
        double[] exact = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int ch = (i / 49) % c;
            double v = xs[i], cdf = 0.5 * (1 + erf(v / Math.sqrt(2))), pdf = Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
            exact[i] = ups[i] * ws[ch] / Math.sqrt(rvs[ch] + 1e-5) * (cdf + v * pdf);
        }
        for (boolean withResidual : new boolean[]{false, true}) {
            java.util.function.Supplier<INDArray> inputGradient = () -> {
                Tensor in = Tensor.variable(x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
                Tensor out = Normalization.geluBatchNormEvalPlus(in, Tensor.of(w32), Tensor.of(b32), rm32, rv32, 1e-5,
                        withResidual ? Tensor.of(res.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)) : null);
                return dev.mamori.autograd.Autograd.grad(out, up.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), java.util.List.of(in)).get(0);
            };
            INDArray fused = inputGradient.get();
            INDArray opByOp = withKernelsOff("gelu_batch_norm,gelu,batch_norm,residual_add", inputGradient);
            dev.mamori.autograd.Gradients.assertClose("input gradient, residual " + withResidual + ", against op-by-op", fused, opByOp, 1e-5, 1e-5);
            assertThat(values(fused)).as("input gradient, residual " + withResidual + ", against float64").containsExactly(exact, within(2e-5));
        }
    }

    /**
     * When the input is marked as wanting a gradient only after the forward pass (the pass kept no derivative, as in
     * inference), the backward pass computes the derivative itself: the same gradient as when it was kept.
     */
    @Test
    void geluBatchNormEvalInputGradientWhenTheInputWantsItOnlyAfterTheForwardPass() {
        INDArray x = uniform(150, -4, 4, 2, 3, 5, 5).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray rm = uniform(151, -0.5, 0.5, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray rv = uniform(152, 0.3, 2, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Tensor w = Tensor.variable(uniform(153, 0.5, 1.5, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Tensor kept = Tensor.variable(x.dup()), late = Tensor.of(x.dup());
        Tensor a = Normalization.geluBatchNormEval(kept, w, null, rm, rv, 1e-5);
        Tensor bOut = Normalization.geluBatchNormEval(late, w, null, rm, rv, 1e-5);
        late.requiresGrad(true);
        INDArray up = uniform(154, -1, 1, 2, 3, 5, 5).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray ga = dev.mamori.autograd.Autograd.grad(a, up, java.util.List.of(kept)).get(0);
        INDArray gb = dev.mamori.autograd.Autograd.grad(bOut, up, java.util.List.of(late)).get(0);
        assertThat(values(gb)).containsExactly(values(ga), within(0.0));
    }

    /**
     * erf in float64 to about 1e-15: its Maclaurin series below 2.5 (terms small enough that nothing cancels), above it
     * 1 - erfc(x) with erfc's continued fraction exp(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))).
     */
    private static double erf(double x) {
        double ax = Math.abs(x), r;
        if (ax < 2.5) {
            double term = ax, sum = ax;
            for (int n = 1; n < 100; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = sum * 2 / Math.sqrt(Math.PI);
        } else {
            double t = ax;
            for (int k = 200; k >= 1; k--) t = ax + (k / 2.0) / t;
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / t;
        }
        return Math.signum(x) * r;
    }

    @Test
    void batchNormEvalUsesRunningStatistics() {
        INDArray x = uniform(113, -1, 1, 2, 2, 2, 2), w = uniform(114, 0.5, 1.5, 2), b = uniform(115, -1, 1, 2);
        INDArray rm = doubles(new double[]{0.2, -0.1}, 2), rv = doubles(new double[]{0.5, 2.0}, 2);
        assertGradientsMatch("batch norm eval", v -> Normalization.batchNorm(v.get(0), v.get(1), v.get(2), like(rm, v.get(0)), like(rv, v.get(0)), false, 1e-5).output(), x, w, b);
        INDArray y = Normalization.batchNorm(Tensor.of(x), Tensor.of(w), Tensor.of(b), rm, rv, false, 1e-5).output().value();
        double expected = (x.getDouble(1, 1, 0, 1) - (-0.1)) / Math.sqrt(2.0 + 1e-5) * w.getDouble(1) + b.getDouble(1);
        assertThat(y.getDouble(1, 1, 0, 1)).isCloseTo(expected, within(1e-12));
    }
}
