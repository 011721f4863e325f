package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.awayFromZero;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.valueList;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Activations: PyTorch's definitions at hand-computed points, and float64 gradients. */
class ActivationGradientTest {
    private static final INDArray X = awayFromZero(11, 2, 3, 4);

    @Test
    void gradientsOfElementwiseActivations() {
        assertGradientsMatch("relu", v -> v.get(0).relu(), X);
        assertGradientsMatch("leaky relu 0.1", v -> Activations.leakyRelu(v.get(0), 0.1), X);
        assertGradientsMatch("leaky relu 0.2", v -> Activations.leakyRelu(v.get(0), 0.2), X);
        assertGradientsMatch("sigmoid", v -> v.get(0).sigmoid(), X);
        assertGradientsMatch("tanh", v -> v.get(0).tanh(), X);
        assertGradientsMatch("silu", v -> Activations.silu(v.get(0)), X.mul(3));
        assertGradientsMatch("softplus", v -> Activations.softplus(v.get(0)), X.mul(5));
        assertGradientsMatch("gelu exact", v -> Activations.geluExact(v.get(0)), X.mul(3));
        assertGradientsMatch("gelu tanh", v -> Activations.geluTanh(v.get(0)), X.mul(3));
    }

    /** The float32 ReLU kernel over several chunks, exact zeros included: max(x, 0) and g where x > 0 (0 at 0). */
    @Test
    void reluKernelAcrossChunksAndAtZero() {
        INDArray x = uniform(14, -1, 1, 3, 70001).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        for (int i = 0; i < x.length(); i += 7) x.putScalar(i, 0.0);
        INDArray g = uniform(15, -1, 1, 3, 70001).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Tensor t = Tensor.variable(x);
        Tensor y = t.relu();
        INDArray dx = dev.mamori.autograd.Autograd.grad(y, g, java.util.List.of(t)).get(0);
        double[] xs = values(x), gs = values(g), ys = values(y.value()), ds = values(dx);
        for (int i = 0; i < xs.length; i++) {
            assertThat(ys[i]).as("relu at %d", i).isEqualTo(xs[i] > 0 ? xs[i] : 0.0);
            assertThat(ds[i]).as("relu gradient at %d", i).isEqualTo(xs[i] > 0 ? gs[i] : 0.0);
        }
    }

    @Test
    void softmaxAndLogSoftmaxAlongEveryDim() {
        INDArray x = uniform(12, -2, 2, 2, 3, 4);
        for (int dim : new int[]{0, 1, 2, -1}) {
            assertGradientsMatch("softmax dim " + dim, v -> v.get(0).softmax(dim), x);
            assertGradientsMatch("logSoftmax dim " + dim, v -> v.get(0).logSoftmax(dim), x);
        }
        assertGradientsMatch("softmax of a matrix over rows", v -> v.get(0).softmax(0), uniform(13, -2, 2, 3, 2));
    }

    @Test
    void softmaxValuesSumToOneAlongTheChosenDim() {
        INDArray x = uniform(14, -2, 2, 2, 3, 4);
        for (int dim = 0; dim < 3; dim++) {
            INDArray s = Tensor.of(x).softmax(dim).value();
            assertThat(valueList(s.sum(dim))).allSatisfy(v -> assertThat(v).isCloseTo(1.0, within(1e-12)));
            INDArray logS = Tensor.of(x).logSoftmax(dim).value();
            assertThat(values(logS)).containsExactly(values(org.nd4j.linalg.ops.transforms.Transforms.log(s, true)),
                    within(1e-12));
        }
        // hand-computed: softmax([0, ln 3]) = [1/4, 3/4]
        INDArray two = doubles(new double[]{0, Math.log(3)}, 1, 2);
        assertThat(values(Tensor.of(two).softmax(1).value())).containsExactly(new double[]{0.25, 0.75}, within(1e-15));
    }

    @Test
    void valuesMatchPyTorchDefinitions() {
        INDArray x = doubles(new double[]{-2, -0.5, 0.5, 3}, 4);
        // torch.nn.functional.gelu(x) (erf form) and gelu(x, approximate="tanh"), float64
        assertThat(values(Activations.geluExact(Tensor.of(x)).value())).containsExactly(
                new double[]{-0.04550026389635842, -0.15426876936299344, 0.34573123063700656, 2.99595030590511}, within(1e-12));
        assertThat(values(Activations.geluTanh(Tensor.of(x)).value())).containsExactly(
                new double[]{-0.04540230591222494, -0.15428599017485606, 0.34571400982514394, 2.996362607918227}, within(1e-12));
        assertThat(values(Activations.silu(Tensor.of(x)).value())).containsExactly(
                new double[]{-2 / (1 + Math.exp(2)), -0.5 / (1 + Math.exp(0.5)), 0.5 / (1 + Math.exp(-0.5)), 3 / (1 + Math.exp(-3))}, within(1e-14));
        assertThat(values(Activations.softplus(Tensor.of(doubles(new double[]{-30, 0, 1, 40}, 4))).value())).containsExactly(
                new double[]{Math.log1p(Math.exp(-30)), Math.log(2), Math.log1p(Math.E), 40}, within(1e-14));
        assertThat(values(Activations.leakyRelu(Tensor.of(x), 0.1).value())).containsExactly(
                new double[]{-0.2, -0.05, 0.5, 3}, within(1e-15));
        assertThat(values(Tensor.of(x).relu().value())).containsExactly(0, 0, 0.5, 3);
    }

    /** float32 GELU through the kernel: the inference-only path (no cdf kept) gives the training path's values. */
    @Test
    void float32GeluWithoutGradientEqualsWithGradient() {
        INDArray x = uniform(5, -6, 6, 3, 50).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray trained = Activations.geluExact(Tensor.variable(x)).value();
        INDArray inferred = Activations.geluExact(Tensor.of(x)).value();
        assertThat(values(inferred)).containsExactly(values(trained), within(0.0));
        assertThat(values(inferred)).containsExactly(values(Activations.geluExact(Tensor.of(x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))).value()), within(1e-5));
    }
}
