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

/** Matrix products and the linear layer: values against hand computation, float64 gradients. */
class LinearAlgebraGradientTest {

    @Test
    void matmulValues() {
        Tensor a = Tensor.of(doubles(new double[]{1, 2, 3, 4, 5, 6}, 2, 3));
        Tensor b = Tensor.of(doubles(new double[]{1, 0, 0, 1, 1, 1}, 3, 2));
        assertThat(values(a.matmul(b).value())).containsExactly(4, 5, 10, 11);
        assertThat(values(LinearAlgebra.matmulTransposedB(a, a).value())).containsExactly(14, 32, 32, 77);
        assertThatThrownBy(() -> a.matmul(a)).hasMessageContaining("do not agree");
    }

    @Test
    void matmulGradients() {
        assertGradientsMatch("matmul 2-D", v -> v.get(0).matmul(v.get(1)), uniform(41, -1, 1, 2, 3), uniform(42, -1, 1, 3, 4));
        assertGradientsMatch("matmul batched rank 3", v -> v.get(0).matmul(v.get(1)), uniform(43, -1, 1, 2, 2, 3), uniform(44, -1, 1, 2, 3, 2));
        assertGradientsMatch("matmul batched rank 4", v -> v.get(0).matmul(v.get(1)), uniform(45, -1, 1, 2, 2, 2, 3), uniform(46, -1, 1, 2, 2, 3, 2));
        assertGradientsMatch("matmul rank 3 x 2-D", v -> v.get(0).matmul(v.get(1)), uniform(47, -1, 1, 2, 3, 4), uniform(48, -1, 1, 4, 2));
        assertGradientsMatch("matmul with itself", v -> v.get(0).matmul(v.get(0)), uniform(49, -1, 1, 3, 3));
    }

    @Test
    void batchedMatmulEqualsPerBatchProducts() {
        INDArray a = uniform(50, -1, 1, 2, 3, 4), b = uniform(51, -1, 1, 2, 4, 5);
        INDArray out = Tensor.of(a).matmul(Tensor.of(b)).value();
        for (int i = 0; i < 2; i++) {
            INDArray expected = a.slice(i).mmul(b.slice(i));
            assertThat(values(out.slice(i))).containsExactly(values(expected), within(1e-14));
        }
        INDArray w = uniform(52, -1, 1, 4, 2);
        INDArray shared = Tensor.of(a).matmul(Tensor.of(w)).value();
        assertThat(shared.shape()).containsExactly(2, 3, 2);
        assertThat(values(shared.slice(1))).containsExactly(values(a.slice(1).mmul(w)), within(1e-14));
    }

    @Test
    void matmulTransposedBGradients() {
        assertGradientsMatch("a b^T 2-D", v -> LinearAlgebra.matmulTransposedB(v.get(0), v.get(1)), uniform(53, -1, 1, 2, 3), uniform(54, -1, 1, 4, 3));
        assertGradientsMatch("a b^T batched", v -> LinearAlgebra.matmulTransposedB(v.get(0), v.get(1)), uniform(55, -1, 1, 2, 2, 3), uniform(56, -1, 1, 2, 4, 3));
        assertGradientsMatch("a a^T", v -> LinearAlgebra.matmulTransposedB(v.get(0), v.get(0)), uniform(57, -1, 1, 3, 2));
    }

    @Test
    void linearWithAndWithoutBias() {
        INDArray w = uniform(58, -1, 1, 3, 4), b = uniform(59, -1, 1, 3);
        assertGradientsMatch("linear 2-D with bias", v -> LinearAlgebra.linear(v.get(0), v.get(1), v.get(2)), uniform(60, -1, 1, 2, 4), w, b);
        assertGradientsMatch("linear 2-D without bias", v -> LinearAlgebra.linear(v.get(0), v.get(1), null), uniform(61, -1, 1, 2, 4), w);
        assertGradientsMatch("linear rank 3 with bias", v -> LinearAlgebra.linear(v.get(0), v.get(1), v.get(2)), uniform(62, -1, 1, 2, 2, 4), w, b);
        // y = x W^T + b by hand
        Tensor x = Tensor.of(doubles(new double[]{1, 2}, 1, 2));
        Tensor weight = Tensor.of(doubles(new double[]{1, 0, 0, 1, 1, 1}, 3, 2));
        Tensor bias = Tensor.of(doubles(new double[]{10, 20, 30}, 3));
        assertThat(values(LinearAlgebra.linear(x, weight, bias).value())).containsExactly(11, 22, 33);
        assertThatThrownBy(() -> LinearAlgebra.linear(x, Tensor.of(uniform(1, 0, 1, 3, 5)), null)).hasMessageContaining("input has 2 features");
    }
}
