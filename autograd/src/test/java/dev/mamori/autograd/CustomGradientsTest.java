package dev.mamori.autograd;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Gradients that differ from the forward function: values forward, chosen gradients backward. */
class CustomGradientsTest {
    private static final INDArray X = doubles(new double[]{-1.7, -0.2, 0.4, 2.6}, 4);
    private static final INDArray UPSTREAM = doubles(new double[]{1, -2, 3, 0.5}, 4);

    /** d sum(y * upstream) / dx. */
    private static INDArray gradientThrough(Tensor x, Tensor y) {
        return Autograd.grad(y.mul(Tensor.of(UPSTREAM)).sum(), x);
    }

    @Test
    void straightThroughIsFForwardAndIdentityBackward() {
        Tensor x = Tensor.variable(X.dup());
        Tensor y = CustomGradients.straightThrough(x, t -> Tensor.of(Transforms.round(t.value(), true)));
        assertThat(values(y.value())).containsExactly(-2, 0, 0, 3);
        assertThat(values(gradientThrough(x, y))).containsExactly(values(UPSTREAM), within(1e-15));
    }

    @Test
    void surrogateGradientIsFForwardAndTheSurrogatesGradientBackward() {
        Tensor x = Tensor.variable(X.dup());
        // forward: a hard step; backward: the gradient of sigmoid
        Tensor y = CustomGradients.forwardWithSurrogateGradient(x, t -> Tensor.of(t.value().gt(0).castTo(t.dataType())), Tensor::sigmoid);
        assertThat(values(y.value())).containsExactly(new double[]{0, 0, 1, 1}, within(1e-15));
        double[] xs = values(X), up = values(UPSTREAM), g = values(gradientThrough(x, y));
        for (int i = 0; i < 4; i++) {
            double s = 1 / (1 + Math.exp(-xs[i]));
            assertThat(g[i]).isCloseTo(up[i] * s * (1 - s), within(1e-12));
        }
    }

    @Test
    void gradientReversalNegatesAndScalesByLambda() {
        Tensor x = Tensor.variable(X.dup());
        Tensor y = CustomGradients.gradientReversal(x, 0.7);
        assertThat(values(y.value())).containsExactly(values(X), within(1e-12));
        assertThat(values(gradientThrough(x, y))).containsExactly(values(UPSTREAM.mul(-0.7)), within(1e-12));
    }

    @Test
    void scaleGradientScalesOnlyTheGradient() {
        Tensor x = Tensor.variable(X.dup());
        Tensor y = CustomGradients.scaleGradient(x, 0.25);
        assertThat(values(y.value())).containsExactly(values(X), within(1e-12));
        assertThat(values(gradientThrough(x, y))).containsExactly(values(UPSTREAM.mul(0.25)), within(1e-12));
    }

    @Test
    void explicitBackwardRuleAndStopGradient() {
        Tensor x = Tensor.variable(X.dup());
        Tensor y = CustomGradients.custom("triple_backward", x, X.dup(), g -> g.mul(3));
        assertThat(y.op()).isEqualTo("triple_backward");
        assertThat(values(gradientThrough(x, y))).containsExactly(values(UPSTREAM.mul(3)), within(1e-15));
        Tensor z = CustomGradients.stopGradient(x).add(x);
        assertThat(values(gradientThrough(x, z))).containsExactly(values(UPSTREAM), within(1e-15));
    }
}
