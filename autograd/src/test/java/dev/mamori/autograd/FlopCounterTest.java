package dev.mamori.autograd;

import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.autograd.ops.LinearAlgebra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** FLOP counts of the tape's products against counts done by hand (a multiply-add is 2). */
class FlopCounterTest {
    private static final int[] ONE = {1, 1};

    @AfterEach
    void stopCounting() {
        FlopCounter.stop();
    }

    private static Tensor rand(long... shape) {
        return Tensor.of(Nd4j.rand(DataType.FLOAT, shape));
    }

    private static Tensor param(long... shape) {
        return Tensor.param(Nd4j.rand(DataType.FLOAT, shape));
    }

    @Test
    void linearCountsItsProductAndOneMoreForEachOperandThatWantsAGradient() {
        FlopCounter.start();
        LinearAlgebra.linear(rand(4, 3), param(5, 3), param(5));               // x constant: backward dW only
        FlopCounter.Counts constantInput = FlopCounter.stop();
        assertThat(constantInput.forward()).isEqualTo(2L * 4 * 5 * 3);
        assertThat(constantInput.backwardInputs()).isZero();
        assertThat(constantInput.backwardWeights()).isEqualTo(2L * 4 * 5 * 3);

        FlopCounter.start();
        LinearAlgebra.linear(Tensor.variable(Nd4j.rand(DataType.FLOAT, 4, 3)), param(5, 3), null); // dX and dW
        FlopCounter.Counts both = FlopCounter.stop();
        assertThat(both.backwardInputs()).isEqualTo(2L * 4 * 5 * 3);
        assertThat(both.backwardWeights()).isEqualTo(2L * 4 * 5 * 3);
        assertThat(both.total()).isEqualTo(3 * 2L * 4 * 5 * 3);
        assertThat(both.withoutWeightGradients()).isEqualTo(2 * 2L * 4 * 5 * 3);

        FlopCounter.start();
        try (GradMode.Scope off = GradMode.noGrad()) {
            LinearAlgebra.linear(rand(4, 3), param(5, 3), null);                 // inference: no backward pass
        }
        FlopCounter.Counts inference = FlopCounter.stop();
        assertThat(inference.forward()).isEqualTo(120);
        assertThat(inference.total()).isEqualTo(120);
    }

    @Test
    void convolutionsCountOutputsTimesTheWindow() {
        FlopCounter.start();
        // [2, 3, 8, 8] with 4 filters of 3x3x3, padding 1: 2*4*8*8 outputs of 27 products each
        Convolutions.conv2d(rand(2, 3, 8, 8), param(4, 3, 3, 3), param(4), ONE, ONE, ONE, 1);
        assertThat(FlopCounter.stop().forward()).isEqualTo(2L * (2 * 4 * 8 * 8) * 27);

        FlopCounter.start();
        // depthwise (groups = channels): 2*3*8*8 outputs of 9 products each
        Convolutions.conv2d(rand(2, 3, 8, 8), param(3, 1, 3, 3), null, ONE, ONE, ONE, 3);
        FlopCounter.Counts depthwise = FlopCounter.stop();
        assertThat(depthwise.forward()).isEqualTo(2L * (2 * 3 * 8 * 8) * 9);
        assertThat(depthwise.byOp()).containsOnlyKeys("depthwise_conv2d");

        FlopCounter.start();
        // transposed, stride 2: each of the 1*2*4*4 input elements is spread over 3 outputs x 3x3
        Convolutions.convTranspose2d(rand(1, 2, 4, 4), param(2, 3, 3, 3), null, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, ONE);
        assertThat(FlopCounter.stop().forward()).isEqualTo(2L * (2 * 4 * 4) * 27);
    }

    @Test
    void matrixProductsCountTheContractedSize() {
        FlopCounter.start();
        LinearAlgebra.matmul(rand(2, 3, 4), rand(2, 4, 5));                        // 2*3*5 outputs, K = 4, constants
        LinearAlgebra.matmulTransposedB(rand(2, 3, 4), rand(2, 6, 4));             // 2*3*6 outputs, K = 4
        FlopCounter.Counts c = FlopCounter.stop();
        assertThat(c.forward()).isEqualTo(2L * 30 * 4 + 2L * 36 * 4);
        assertThat(c.total()).as("no operand wants a gradient").isEqualTo(c.forward());

        FlopCounter.start();
        LinearAlgebra.matmul(Tensor.variable(Nd4j.rand(DataType.FLOAT, 3, 4)), param(4, 5));  // both operands are data
        FlopCounter.Counts data = FlopCounter.stop();
        assertThat(data.backwardInputs()).isEqualTo(2 * 2L * 15 * 4);
        assertThat(data.backwardWeights()).isZero();
        assertThat(c.uncounted()).isEmpty();
    }

    @Test
    void countsNothingWhenOff() {
        FlopCounter.stop();
        LinearAlgebra.linear(rand(4, 3), param(5, 3), null);
        FlopCounter.start();
        assertThat(FlopCounter.stop().total()).isZero();
    }
}
