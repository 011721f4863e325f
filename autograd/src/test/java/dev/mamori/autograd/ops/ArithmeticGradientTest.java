package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.awayFromZero;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Element-wise arithmetic: values with broadcasting, and float64 finite-difference gradients in both directions. */
class ArithmeticGradientTest {

    @Test
    void broadcastingValuesFollowNumpy() {
        Tensor a = Tensor.of(doubles(new double[]{1, 2, 3, 4, 5, 6}, 2, 3));
        Tensor row = Tensor.of(doubles(new double[]{10, 20, 30}, 3));
        Tensor col = Tensor.of(doubles(new double[]{100, 200}, 2, 1));
        assertThat(values(a.add(row).value())).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(values(row.sub(a).value())).containsExactly(9, 18, 27, 6, 15, 24);
        assertThat(values(a.mul(col).value())).containsExactly(100, 200, 300, 800, 1000, 1200);
        assertThat(values(col.div(a).value())).containsExactly(100, 50, 100.0 / 3, 50, 40, 200.0 / 6);
        assertThat(a.add(row).shape()).containsExactly(2, 3);
        // [2,1,4] against [3,1] broadcasts to [2,3,4]
        assertThat(Tensor.of(uniform(1, 0, 1, 2, 1, 4)).mul(Tensor.of(uniform(2, 0, 1, 3, 1))).shape()).containsExactly(2, 3, 4);
    }

    @Test
    void incompatibleShapesAreRejectedNamingBoth() {
        Tensor a = Tensor.of(uniform(1, 0, 1, 2, 3));
        Tensor b = Tensor.of(uniform(2, 0, 1, 4));
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("[2, 3]").hasMessageContaining("[4]");
    }

    @Test
    void addAndSubBroadcastInBothDirections() {
        INDArray full = uniform(1, -1, 1, 2, 3, 4), row = uniform(2, -1, 1, 4), col = uniform(3, -1, 1, 3, 1);
        assertGradientsMatch("add [2,3,4]+[4]", v -> v.get(0).add(v.get(1)), full, row);
        assertGradientsMatch("add [4]+[2,3,4]", v -> v.get(0).add(v.get(1)), row, full);
        assertGradientsMatch("add [3,1]+[2,3,4]", v -> v.get(0).add(v.get(1)), col, full);
        assertGradientsMatch("sub [2,3,4]-[3,1]", v -> v.get(0).sub(v.get(1)), full, col);
        assertGradientsMatch("sub [4]-[2,3,4]", v -> v.get(0).sub(v.get(1)), row, full);
        assertGradientsMatch("add [3,1]+[4] (both broadcast)", v -> v.get(0).add(v.get(1)), col, row);
    }

    @Test
    void mulAndDivBroadcastInBothDirections() {
        INDArray full = uniform(4, 0.5, 1.5, 2, 3, 4), row = uniform(5, 0.5, 1.5, 4), col = uniform(6, 0.5, 1.5, 2, 1, 1);
        assertGradientsMatch("mul [2,3,4]*[4]", v -> v.get(0).mul(v.get(1)), full, row);
        assertGradientsMatch("mul [2,1,1]*[2,3,4]", v -> v.get(0).mul(v.get(1)), col, full);
        assertGradientsMatch("div [2,3,4]/[4]", v -> v.get(0).div(v.get(1)), full, row);
        assertGradientsMatch("div [4]/[2,3,4]", v -> v.get(0).div(v.get(1)), row, full);
        assertGradientsMatch("div [2,1,1]/[4] (both broadcast)", v -> v.get(0).div(v.get(1)), col, row);
        assertGradientsMatch("mul by itself", v -> v.get(0).mul(v.get(0)), row);
    }

    @Test
    void scalarOperations() {
        INDArray x = uniform(7, -1, 1, 3, 2);
        assertGradientsMatch("add scalar", v -> v.get(0).add(2.5), x);
        assertGradientsMatch("sub scalar", v -> v.get(0).sub(2.5), x);
        assertGradientsMatch("mul scalar", v -> v.get(0).mul(-3.0), x);
        assertGradientsMatch("div scalar", v -> v.get(0).div(4.0), x);
        assertGradientsMatch("neg", v -> v.get(0).neg(), x);
        assertGradientsMatch("rsub", v -> Arithmetic.rsub(1.5, v.get(0)), x);
        assertThat(values(Arithmetic.rsub(1.5, Tensor.of(doubles(new double[]{1, 2}, 2))).value())).containsExactly(0.5, -0.5);
    }

    @Test
    void nanScalarsPropagate() {
        // ND4J's own scalar ops replace a NaN operand by 1e-5; the tape must not
        Tensor x = Tensor.variable(doubles(new double[]{1, -2}, 2));
        for (Tensor y : new Tensor[]{x.mul(Double.NaN), x.add(Double.NaN), x.sub(Double.NaN), x.div(Double.NaN),
                Arithmetic.rsub(Double.NaN, x), x.mul(Float.NaN).sum()}) {
            assertThat(values(y.value())).as(y.op()).containsOnly(Double.NaN);
        }
        assertThat(values(dev.mamori.autograd.Autograd.grad(x.mul(Double.NaN).sum(), x))).containsOnly(Double.NaN);
    }

    @Test
    void unaryFunctions() {
        INDArray positive = uniform(8, 0.5, 2, 2, 3);
        INDArray signed = awayFromZero(9, 2, 3);
        assertGradientsMatch("pow 3", v -> v.get(0).pow(3), signed);
        assertGradientsMatch("pow -1.5", v -> v.get(0).pow(-1.5), positive);
        assertGradientsMatch("square", v -> v.get(0).square(), signed);
        assertGradientsMatch("sqrt", v -> v.get(0).sqrt(), positive);
        assertGradientsMatch("exp", v -> v.get(0).exp(), signed);
        assertGradientsMatch("log", v -> v.get(0).log(), positive);
        assertGradientsMatch("abs", v -> v.get(0).abs(), signed);
        // clamp bounds chosen between the values so no element sits on a boundary
        INDArray x = doubles(new double[]{-0.9, -0.45, -0.05, 0.15, 0.55, 0.95}, 2, 3);
        assertGradientsMatch("clamp", v -> v.get(0).clamp(-0.5, 0.5), x);
        assertThat(values(Tensor.of(x).clamp(-0.5, 0.5).value())).containsExactly(-0.5, -0.45, -0.05, 0.15, 0.5, 0.5);
    }

    @Test
    void maximumAndWhere() {
        INDArray a = doubles(new double[]{0.1, 0.9, -0.3, 0.4}, 2, 2);
        INDArray b = doubles(new double[]{0.5, 0.2, -0.1, 0.0}, 2, 2);
        assertGradientsMatch("maximum", v -> Arithmetic.maximum(v.get(0), v.get(1)), a, b);
        assertThat(values(Arithmetic.maximum(Tensor.of(a), Tensor.of(b)).value())).containsExactly(0.5, 0.9, -0.1, 0.4);
        INDArray mask = Nd4j.createFromArray(new boolean[]{true, false, false, true}).reshape(2, 2);
        assertGradientsMatch("where", v -> Arithmetic.where(mask, v.get(0), v.get(1)), a, b);
        assertThat(values(Arithmetic.where(mask, Tensor.of(a), Tensor.of(b)).value())).containsExactly(0.1, 0.2, -0.1, 0.4);
    }

    @Test
    void valuesOfUnaryFunctions() {
        Tensor x = Tensor.of(doubles(new double[]{0.25, 4}, 2));
        assertThat(values(x.sqrt().value())).containsExactly(0.5, 2);
        assertThat(values(x.log().value())[1]).isCloseTo(Math.log(4), within(1e-15));
        assertThat(values(x.pow(1.5).value())).containsExactly(0.125, 8);
        assertThat(values(x.neg().abs().value())).containsExactly(0.25, 4);
    }
}
