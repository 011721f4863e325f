package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Fused losses: values against the textbook formulas and float64 gradients for every reduction. */
class LossGradientTest {
    private static final INDArray LOGITS = uniform(121, -2, 2, 3, 4);
    private static final int[] LABELS = {2, 0, 3};

    @Test
    void crossEntropyGradientsWithAndWithoutSmoothing() {
        for (Reduction r : Reduction.values()) {
            for (double eps : new double[]{0, 0.1, 0.3}) {
                assertGradientsMatch("cross entropy " + r + " smoothing " + eps, v -> FusedLosses.crossEntropy(v.get(0), LABELS, eps, r), LOGITS);
            }
        }
    }

    /** A confident model (a logit 300 above the others, float32): libnd4j's log_softmax alone gives -inf there and the loss NaN. */
    @Test
    void crossEntropyAndLogSoftmaxStayFiniteForLargeLogitGaps() {
        INDArray z = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][]{{300f, 0f, 1f, 2f}, {0f, -50f, -120f, -200f}});
        INDArray logp = Activations.logSoftmax(Tensor.of(z), 1).value();
        assertThat(logp.getDouble(0, 0)).isCloseTo(0, within(1e-6));
        assertThat(logp.getDouble(0, 1)).isCloseTo(-300, within(1e-3));
        assertThat(logp.getDouble(1, 3)).isCloseTo(-200, within(1e-3));
        Tensor logits = Tensor.variable(z);
        Tensor loss = FusedLosses.crossEntropy(logits, new int[]{0, 0}, 0, Reduction.MEAN);
        assertThat(loss.item()).isCloseTo(0, within(1e-6));
        loss.backward();
        assertThat(logits.grad().isInfinite().any() || logits.grad().isNaN().any()).isFalse();
        // a wrong confident answer costs its full (finite) gap
        assertThat(FusedLosses.crossEntropy(Tensor.of(z), new int[]{1, 3}, 0, Reduction.SUM).item()).isCloseTo(500, within(1e-2));
    }

    @Test
    void crossEntropyValuesMatchTheFormula() {
        double[] z = values(LOGITS);
        double plain = 0, smooth = 0, eps = 0.1;
        for (int i = 0; i < 3; i++) {
            double lse = 0;
            for (int c = 0; c < 4; c++) lse += Math.exp(z[i * 4 + c]);
            lse = Math.log(lse);
            plain += lse - z[i * 4 + LABELS[i]];
            double row = 0;
            for (int c = 0; c < 4; c++) row += ((c == LABELS[i] ? 1 - eps : 0) + eps / 4) * (lse - z[i * 4 + c]);
            smooth += row;
        }
        assertThat(FusedLosses.crossEntropy(Tensor.of(LOGITS), LABELS, 0, Reduction.MEAN).item()).isCloseTo(plain / 3, within(1e-12));
        assertThat(FusedLosses.crossEntropy(Tensor.of(LOGITS), LABELS, 0, Reduction.SUM).item()).isCloseTo(plain, within(1e-12));
        assertThat(FusedLosses.crossEntropy(Tensor.of(LOGITS), LABELS, eps, Reduction.MEAN).item()).isCloseTo(smooth / 3, within(1e-12));
        assertThat(FusedLosses.crossEntropy(Tensor.of(LOGITS), LABELS, 0, Reduction.NONE).shape()).containsExactly(3);
    }

    @Test
    void crossEntropyRejectsBadLabels() {
        assertThatThrownBy(() -> FusedLosses.crossEntropy(Tensor.of(LOGITS), new int[]{0, 4, 1}, 0, Reduction.MEAN))
                .hasMessageContaining("label 4 at row 1 is outside [0, 4)");
        assertThatThrownBy(() -> FusedLosses.crossEntropy(Tensor.of(LOGITS), new int[]{0}, 0, Reduction.MEAN))
                .hasMessageContaining("1 labels for 3 rows");
    }

    @Test
    void softTargetCrossEntropy() {
        INDArray t = doubles(new double[]{0.1, 0.2, 0.3, 0.4, 1, 0, 0, 0, 0.25, 0.25, 0.25, 0.25}, 3, 4);
        INDArray unnormalized = t.mul(1.5); // rows summing to 1.5: the gradient must scale softmax by the mass
        for (Reduction r : Reduction.values()) {
            assertGradientsMatch("soft targets " + r, v -> FusedLosses.softTargetCrossEntropy(v.get(0), t.castTo(v.get(0).dataType()), r), LOGITS);
            assertGradientsMatch("unnormalized soft targets " + r, v -> FusedLosses.softTargetCrossEntropy(v.get(0), unnormalized.castTo(v.get(0).dataType()), r), LOGITS);
        }
        // a one-hot soft target equals the integer-label loss
        INDArray oneHot = doubles(new double[]{0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, 3, 4);
        assertThat(FusedLosses.softTargetCrossEntropy(Tensor.of(LOGITS), oneHot, Reduction.MEAN).item())
                .isCloseTo(FusedLosses.crossEntropy(Tensor.of(LOGITS), LABELS, 0, Reduction.MEAN).item(), within(1e-12));
    }

    @Test
    void bceWithLogits() {
        INDArray x = uniform(122, -3, 3, 2, 3);
        INDArray t = doubles(new double[]{0, 1, 1, 0, 0.3, 0.8}, 2, 3);
        for (Reduction r : Reduction.values()) {
            assertGradientsMatch("bce with logits " + r, v -> FusedLosses.bceWithLogits(v.get(0), t.castTo(v.get(0).dataType()), r), x);
        }
        double[] xs = values(x), ts = values(t);
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            double p = 1 / (1 + Math.exp(-xs[i]));
            sum += -(ts[i] * Math.log(p) + (1 - ts[i]) * Math.log(1 - p));
        }
        assertThat(FusedLosses.bceWithLogits(Tensor.of(x), t, Reduction.MEAN).item()).isCloseTo(sum / 6, within(1e-12));
        // stable for large logits: loss(100, target 0) = 100, loss(-100, target 0) ~ 0
        INDArray big = doubles(new double[]{100, -100}, 2);
        assertThat(values(FusedLosses.bceWithLogits(Tensor.of(big), doubles(new double[]{0, 0}, 2), Reduction.NONE).value()))
                .containsExactly(new double[]{100, 0}, within(1e-12));
    }
}
