package dev.mamori.nn.losses;

import dev.mamori.autograd.GradCheck;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.Function;

import static dev.mamori.nn.NnTesting.uniform;
import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The nn losses: values by their definitions and float64 gradients. */
class LossesTest {
    private static final INDArray PRED = uniform(1, -1, 1, 2, 3), TARGET = uniform(2, -1, 1, 2, 3);

    private static void assertGradients(String what, Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        GradCheck.Result r = GradCheck.check(f, List.of(inputs), 1e-6, 1e-7, 1e-5, 5);
        assertThat(r.passed()).as(what + ": " + r).isTrue();
    }

    @Test
    void mseAndL1() {
        double[] p = values(PRED), t = values(TARGET);
        double se = 0, ae = 0;
        for (int i = 0; i < p.length; i++) {
            se += (p[i] - t[i]) * (p[i] - t[i]);
            ae += Math.abs(p[i] - t[i]);
        }
        assertThat(Losses.mse(Tensor.of(PRED), Tensor.of(TARGET), Reduction.MEAN).item()).isCloseTo(se / 6, within(1e-12));
        assertThat(Losses.mse(Tensor.of(PRED), Tensor.of(TARGET), Reduction.SUM).item()).isCloseTo(se, within(1e-12));
        assertThat(Losses.l1(Tensor.of(PRED), Tensor.of(TARGET), Reduction.MEAN).item()).isCloseTo(ae / 6, within(1e-12));
        assertThat(Losses.l1(Tensor.of(PRED), Tensor.of(TARGET), Reduction.NONE).shape()).containsExactly(2, 3);
        for (Reduction r : Reduction.values()) {
            assertGradients("mse " + r, v -> Losses.mse(v.get(0), v.get(1), r), PRED, TARGET);
            assertGradients("l1 " + r, v -> Losses.l1(v.get(0), v.get(1), r), PRED, TARGET);
        }
    }

    @Test
    void klDivergenceLikePyTorch() {
        INDArray logP = Tensor.of(PRED).logSoftmax(1).value();
        INDArray q = Tensor.of(TARGET).softmax(1).value();
        double[] lp = values(logP), qs = values(q);
        double sum = 0;
        for (int i = 0; i < lp.length; i++) sum += qs[i] * (Math.log(qs[i]) - lp[i]);
        assertThat(Losses.klDiv(Tensor.of(logP), Tensor.of(q), Losses.KlReduction.BATCHMEAN, false).item()).isCloseTo(sum / 2, within(1e-12));
        assertThat(Losses.klDiv(Tensor.of(logP), Tensor.of(q), Losses.KlReduction.SUM, false).item()).isCloseTo(sum, within(1e-12));
        assertThat(Losses.klDiv(Tensor.of(logP), Tensor.of(q), Losses.KlReduction.MEAN, false).item()).isCloseTo(sum / 6, within(1e-12));
        INDArray logQ = Tensor.of(TARGET).logSoftmax(1).value();
        assertThat(Losses.klDiv(Tensor.of(logP), Tensor.of(logQ), Losses.KlReduction.SUM, true).item()).isCloseTo(sum, within(1e-12));
        // zero target probabilities contribute 0 (0 * log 0 = 0), not NaN
        INDArray oneHot = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 0, 1}});
        assertThat(Losses.klDiv(Tensor.of(logP), Tensor.of(oneHot), Losses.KlReduction.SUM, false).item())
                .isCloseTo(-(lp[0] + lp[5]), within(1e-12));
        for (Losses.KlReduction r : Losses.KlReduction.values()) {
            assertGradients("kl " + r, v -> Losses.klDiv(v.get(0).logSoftmax(1), v.get(1).softmax(1), r, false), PRED, TARGET);
            assertGradients("kl log-target " + r, v -> Losses.klDiv(v.get(0).logSoftmax(1), v.get(1).logSoftmax(1), r, true), PRED, TARGET);
        }
    }

    @Test
    void crossEntropyOverloads() {
        int[] labels = {2, 0};
        double mean = Losses.crossEntropy(Tensor.of(PRED), labels).item();
        assertThat(Losses.crossEntropy(Tensor.of(PRED), labels, 0, Reduction.SUM).item()).isCloseTo(2 * mean, within(1e-12));
        INDArray oneHot = Nd4j.createFromArray(new double[][]{{0, 0, 1}, {1, 0, 0}});
        assertThat(Losses.crossEntropy(Tensor.of(PRED), oneHot, Reduction.MEAN).item()).isCloseTo(mean, within(1e-12));
        assertThat(Losses.bceWithLogits(Tensor.of(PRED), Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 3), Reduction.SUM).item())
                .isCloseTo(java.util.Arrays.stream(values(PRED)).map(x -> Math.log1p(Math.exp(x))).sum(), within(1e-12));
    }
}
