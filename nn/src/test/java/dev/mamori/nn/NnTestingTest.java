package dev.mamori.nn;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.nn.NnTesting.assertLayerGradients;
import static dev.mamori.nn.NnTesting.uniform;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layer gradient checker itself must notice a wrong parameter gradient. */
class NnTestingTest {

    /** y = x * w whose backward reports half of w's true gradient. */
    static final class BrokenScale extends Module {
        final Tensor w = registerParameter("w", uniform(1, 0.5, 1.5, 3));

        @Override
        protected Tensor forward(Tensor x) {
            INDArray xv = x.value(), wv = w.value();
            return Tensor.result("broken_scale", xv.mul(wv), (g, needs) -> new INDArray[]{g.mul(wv), g.mul(xv).sum(0).div(2)}, x, w);
        }
    }

    @Test
    void wrongParameterGradientIsReported() {
        BrokenScale m = new BrokenScale();
        assertThatThrownBy(() -> assertLayerGradients("broken", m, v -> m.call(v.get(0)), uniform(2, -1, 1, 2, 3)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("gradient of w");
    }

    /** y = x * w, plus 0.01 in float32 only: a float32 path that drifts from the float64 one. */
    static final class Float32Drift extends Module {
        final Tensor w = registerParameter("w", uniform(3, 0.5, 1.5, 3));

        @Override
        protected Tensor forward(Tensor x) {
            Tensor y = x.mul(w);
            return y.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT ? y.add(0.01) : y;
        }
    }

    @Test
    void float32DriftIsReported() {
        Float32Drift m = new Float32Drift();
        assertThatThrownBy(() -> NnTesting.assertFloat32AgreesWithFloat64("drift", m, v -> m.call(v.get(0)), uniform(4, -1, 1, 2, 3)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("drift: output");
    }
}
