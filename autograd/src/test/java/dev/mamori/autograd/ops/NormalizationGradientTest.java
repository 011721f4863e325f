package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.valueList;
import static dev.mamori.autograd.Gradients.values;
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
