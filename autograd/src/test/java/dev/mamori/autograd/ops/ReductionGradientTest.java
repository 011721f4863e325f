package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.distinct;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Sums, means, variances, maxima and log-sum-exp: values and float64 gradients over several dims. */
class ReductionGradientTest {
    private static final INDArray X = uniform(21, -1, 1, 2, 3, 4);

    @Test
    void sumAndMeanOverEverythingAndOverDims() {
        assertGradientsMatch("sum all", v -> v.get(0).sum(), X);
        assertGradientsMatch("mean all", v -> v.get(0).mean(), X);
        for (boolean keep : new boolean[]{true, false}) {
            assertGradientsMatch("sum dim 1 keep=" + keep, v -> v.get(0).sum(keep, 1), X);
            assertGradientsMatch("sum dims 0,2 keep=" + keep, v -> v.get(0).sum(keep, 0, 2), X);
            assertGradientsMatch("mean dim -1 keep=" + keep, v -> v.get(0).mean(keep, -1), X);
            assertGradientsMatch("mean dims 2,0 keep=" + keep, v -> v.get(0).mean(keep, 2, 0), X);
        }
    }

    @Test
    void sumAndMeanValuesAndShapes() {
        Tensor t = Tensor.of(doubles(new double[]{1, 2, 3, 4, 5, 6}, 2, 3));
        assertThat(t.sum().item()).isEqualTo(21);
        assertThat(t.mean().item()).isEqualTo(3.5);
        assertThat(values(t.sum(false, 0).value())).containsExactly(5, 7, 9);
        assertThat(t.sum(true, 0).shape()).containsExactly(1, 3);
        assertThat(values(t.mean(false, 1).value())).containsExactly(2, 5);
        assertThat(t.mean(false, 1).shape()).containsExactly(2);
        assertThatThrownBy(() -> t.sum(false, 2)).hasMessageContaining("dimension 2 out of range for rank 2");
    }

    @Test
    void varianceBiasedAndUnbiased() {
        for (boolean unbiased : new boolean[]{true, false}) {
            assertGradientsMatch("var dim 1 unbiased=" + unbiased, v -> Reductions.var(v.get(0), unbiased, false, 1), X);
            assertGradientsMatch("var dims 0,2 unbiased=" + unbiased, v -> Reductions.var(v.get(0), unbiased, true, 0, 2), X);
        }
        Tensor t = Tensor.of(doubles(new double[]{1, 2, 3, 4}, 1, 4));
        assertThat(Reductions.var(t, false, false, 1).item()).isCloseTo(1.25, within(1e-15));
        assertThat(Reductions.var(t, true, false, 1).item()).isCloseTo(5.0 / 3, within(1e-15));
    }

    @Test
    void maxAlongADim() {
        INDArray x = distinct(22, 2, 3, 4);
        for (int dim : new int[]{0, 1, 2, -1}) {
            assertGradientsMatch("max dim " + dim, v -> Reductions.max(v.get(0), dim, false), x);
            assertGradientsMatch("max dim " + dim + " keepDim", v -> Reductions.max(v.get(0), dim, true), x);
        }
        Tensor t = Tensor.of(doubles(new double[]{1, 5, 3, 7, 2, 0}, 2, 3));
        assertThat(values(Reductions.max(t, 1, false).value())).containsExactly(5, 7);
        assertThat(values(Reductions.max(t, 0, true).value())).containsExactly(7, 5, 3);
    }

    @Test
    void maxSendsTheGradientToTheFirstOfTiedElementsOnly() {
        Tensor t = Tensor.variable(doubles(new double[]{2, 2, 1}, 1, 3));
        INDArray g = dev.mamori.autograd.Autograd.grad(Reductions.max(t, 1, false).sum(), t);
        assertThat(values(g)).containsExactly(1, 0, 0);
    }

    @Test
    void logSumExp() {
        for (int dim : new int[]{0, 1, 2}) {
            for (boolean keep : new boolean[]{true, false}) {
                assertGradientsMatch("logsumexp dim " + dim + " keep=" + keep, v -> Reductions.logSumExp(v.get(0), dim, keep), X.mul(3));
            }
        }
        // stable for large inputs: log(e^1000 + e^1000) = 1000 + ln 2
        Tensor big = Tensor.of(doubles(new double[]{1000, 1000, 0, Math.log(3)}, 2, 2));
        assertThat(values(Reductions.logSumExp(big, 1, false).value())).containsExactly(
                new double[]{1000 + Math.log(2), Math.log(4)}, within(1e-12));
        assertThat(Reductions.logSumExp(big, 1, true).shape()).containsExactly(2, 1);
    }
}
