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
import static org.assertj.core.api.Assertions.within;

/** Max, average and adaptive average pooling: hand-computed values and float64 gradients. */
class PoolingGradientTest {
    private static final double[] GRID = {
            1, 2, 3, 4,
            5, 6, 7, 8,
            9, 10, 11, 12,
            13, 14, 15, 16};

    private static int[] pair(int v) {
        return new int[]{v, v};
    }

    @Test
    void maxPoolValues() {
        Tensor x = Tensor.of(doubles(GRID, 1, 1, 4, 4));
        assertThat(values(Pooling.maxPool2d(x, pair(2), pair(2), pair(0)).value())).containsExactly(6, 8, 14, 16);
        assertThat(values(Pooling.maxPool2d(x, pair(3), pair(1), pair(0)).value())).containsExactly(11, 12, 15, 16);
        // padded positions never win, even against negative values
        Tensor neg = Tensor.of(doubles(GRID, 1, 1, 4, 4).neg());
        assertThat(values(Pooling.maxPool2d(neg, pair(2), pair(2), pair(1)).value()))
                .containsExactly(-1, -2, -4, -5, -6, -8, -13, -14, -16);
    }

    @Test
    void maxPoolGradients() {
        INDArray x = distinct(91, 1, 2, 5, 5);
        assertGradientsMatch("max pool 2/2", v -> Pooling.maxPool2d(v.get(0), pair(2), pair(2), pair(0)), x);
        assertGradientsMatch("max pool 3/2 padding 1", v -> Pooling.maxPool2d(v.get(0), pair(3), pair(2), pair(1)), x);
        assertGradientsMatch("max pool 3/1 (overlapping windows)", v -> Pooling.maxPool2d(v.get(0), pair(3), pair(1), pair(0)), x);
    }

    @Test
    void avgPoolValuesCountPaddingLikePyTorch() {
        Tensor x = Tensor.of(doubles(GRID, 1, 1, 4, 4));
        assertThat(values(Pooling.avgPool2d(x, pair(2), pair(2), pair(0), true).value())).containsExactly(3.5, 5.5, 11.5, 13.5);
        // padding 1: the corner window holds only x[0,0] = 1; divisor 4 with padding counted, 1 without
        double[] include = values(Pooling.avgPool2d(x, pair(2), pair(2), pair(1), true).value());
        double[] exclude = values(Pooling.avgPool2d(x, pair(2), pair(2), pair(1), false).value());
        assertThat(include[0]).isCloseTo(0.25, within(1e-12));
        assertThat(exclude[0]).isCloseTo(1.0, within(1e-12));
        assertThat(include[1]).isCloseTo((2 + 3) / 4.0, within(1e-12));
        assertThat(exclude[1]).isCloseTo((2 + 3) / 2.0, within(1e-12));
        assertThat(include[4]).isCloseTo((6 + 7 + 10 + 11) / 4.0, within(1e-12));
    }

    @Test
    void avgPoolGradients() {
        INDArray x = uniform(92, -1, 1, 1, 2, 5, 5);
        assertGradientsMatch("avg pool 2/2", v -> Pooling.avgPool2d(v.get(0), pair(2), pair(2), pair(0), true), x);
        assertGradientsMatch("avg pool 3/2 padding 1 include pad", v -> Pooling.avgPool2d(v.get(0), pair(3), pair(2), pair(1), true), x);
        assertGradientsMatch("avg pool 3/2 padding 1 exclude pad", v -> Pooling.avgPool2d(v.get(0), pair(3), pair(2), pair(1), false), x);
    }

    @Test
    void adaptiveAvgPoolValues() {
        Tensor x = Tensor.of(doubles(GRID, 1, 1, 4, 4));
        assertThat(values(Pooling.adaptiveAvgPool2d(x, 1, 1).value())).containsExactly(8.5);
        assertThat(values(Pooling.adaptiveAvgPool2d(x, 2, 2).value())).containsExactly(3.5, 5.5, 11.5, 13.5);
        // 4 -> 3 bins: rows/cols [0,2), [1,3), [2,4) (PyTorch's floor/ceil bins, overlapping)
        double[] three = values(Pooling.adaptiveAvgPool2d(x, 3, 3).value());
        assertThat(three).containsExactly(new double[]{3.5, 4.5, 5.5, 7.5, 8.5, 9.5, 11.5, 12.5, 13.5}, within(1e-12));
        // 5 -> 3 bins: [0,2), [1,4), [3,5); 5 -> 2 bins: [0,3), [2,5)
        Tensor row = Tensor.of(doubles(new double[]{1, 2, 3, 4, 5}, 1, 1, 1, 5));
        assertThat(values(Pooling.adaptiveAvgPool2d(row, 1, 3).value())).containsExactly(new double[]{1.5, 3, 4.5}, within(1e-12));
        assertThat(values(Pooling.adaptiveAvgPool2d(row, 1, 2).value())).containsExactly(new double[]{2, 4}, within(1e-12));
    }

    @Test
    void adaptiveAvgPoolGradientsDivisibleAndNot() {
        INDArray x = uniform(93, -1, 1, 2, 2, 6, 5);
        assertGradientsMatch("adaptive 1x1", v -> Pooling.adaptiveAvgPool2d(v.get(0), 1, 1), x);
        assertGradientsMatch("adaptive divisible 6->3, 5->5", v -> Pooling.adaptiveAvgPool2d(v.get(0), 3, 5), x);
        assertGradientsMatch("adaptive not divisible 6->4, 5->3", v -> Pooling.adaptiveAvgPool2d(v.get(0), 4, 3), uniform(94, -1, 1, 1, 1, 6, 5));
    }
}
