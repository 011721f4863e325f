package dev.mamori.generative.training;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The finite-difference R1 gradient against exact R1 gradients in float64. */
class R1PenaltyTest {
    private static final int B = 3, N = 5, M = 4;
    private static final double GAMMA = 2.0;

    private static INDArray normal(long seed, long... shape) {
        return RandomArrays.normal(new SplittableRandom(seed), 0, 1, shape).castTo(DataType.DOUBLE);
    }

    /** D(x) = b.x + 0.5 ||V x||^2: g = b + V^T V x, and grad R1 is known in closed form. */
    @Test
    void matchesTheClosedFormGradientOnAQuadratic() {
        Tensor v = Tensor.param(normal(1, M, N)), bias = Tensor.param(normal(2, N, 1));
        UnaryOperator<Tensor> d = x -> x.matmul(bias).add(x.matmul(v.transpose(0, 1)).square().sum(true, 1).mul(0.5)); // [B, 1]
        INDArray x = normal(3, B, N);
        R1Penalty.Result r = new R1Penalty(GAMMA).compute(d, x, 1.0);
        r.surrogate().backward();

        INDArray vv = v.value(), bb = bias.value();
        INDArray g = x.mmul(vv.transpose()).mmul(vv).addRowVector(bb.reshape(1, N));             // [B, N] rows g_b
        // grad_b R1 = gamma / (2B) sum_b 2 g_b ; grad_V R1 = gamma / (2B) sum_b 2 [(V x_b) g_b^T + (V g_b) x_b^T]
        INDArray wantBias = g.sum(0).mul(GAMMA / B).reshape(N, 1);
        INDArray wantV = vv.mmul(x.transpose()).mmul(g).add(vv.mmul(g.transpose()).mmul(x)).mul(GAMMA / B);
        assertThat(r.penalty()).isCloseTo(GAMMA / 2 * g.mul(g).sumNumber().doubleValue() / B, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(maxRelativeError(bias.grad(), wantBias)).isLessThan(1e-6);
        assertThat(maxRelativeError(v.grad(), wantV)).isLessThan(1e-6);
    }

    /** D(x) = w2 . tanh(W1 x + b1): the reference is the numerical parameter derivative of exact R1 (first-order tape). */
    @Test
    void matchesTheNumericalGradientOfExactR1OnASmoothNetwork() {
        // the default step has an O(h^2) error; a smaller one shows the difference converges to the exact gradient
        assertThat(smoothNetworkError(R1Penalty.DEFAULT_RELATIVE_STEP)).isLessThan(1e-4);
        assertThat(smoothNetworkError(1e-5)).isLessThan(1e-7);
    }

    private static double smoothNetworkError(double relativeStep) {
        Tensor w1 = Tensor.param(normal(4, M, N)), b1 = Tensor.param(normal(5, 1, M)), w2 = Tensor.param(normal(6, M, 1));
        UnaryOperator<Tensor> d = x -> x.matmul(w1.transpose(0, 1)).add(b1).tanh().matmul(w2);              // [B, 1]
        INDArray x = normal(7, B, N);
        R1Penalty.Result r = new R1Penalty(GAMMA, relativeStep).compute(d, x, 3.0);                          // weight 3: lazy interval
        r.surrogate().backward();
        double worst = 0;
        for (Tensor p : List.of(w1, b1, w2)) {
            INDArray flat = p.value().reshape(p.value().length());
            INDArray want = flat.dup();
            for (long i = 0; i < flat.length(); i++) {
                double keep = flat.getDouble(i), eps = 1e-5;
                flat.putScalar(i, keep + eps);
                double up = exactR1(d, x);
                flat.putScalar(i, keep - eps);
                double down = exactR1(d, x);
                flat.putScalar(i, keep);
                want.putScalar(i, 3.0 * (up - down) / (2 * eps));
            }
            worst = Math.max(worst, maxRelativeError(p.grad().reshape(p.value().length()), want));
        }
        assertThat(r.penalty()).isCloseTo(exactR1(d, x), org.assertj.core.data.Offset.offset(1e-12));
        return worst;
    }

    @Test
    void zeroGammaOrAConstantDiscriminatorGivesNothingToBackPropagate() {
        Tensor c = Tensor.param(normal(8, 1, 1));
        R1Penalty.Result r = new R1Penalty(GAMMA).compute(x -> x.mul(0).sum(true, 1).add(c), normal(9, B, N), 1);
        assertThat(r.penalty()).isZero();
        assertThat(r.surrogate()).isNull();
    }

    private static double exactR1(UnaryOperator<Tensor> d, INDArray x) {
        Tensor xv = Tensor.variable(x);
        INDArray g = Autograd.grad(d.apply(xv).sum(), xv);
        return GAMMA / 2 * g.mul(g).sumNumber().doubleValue() / x.size(0);
    }

    private static double maxRelativeError(INDArray got, INDArray want) {
        double scale = Math.max(1e-12, want.amaxNumber().doubleValue());
        return got.sub(want).amaxNumber().doubleValue() / scale;
    }
}
