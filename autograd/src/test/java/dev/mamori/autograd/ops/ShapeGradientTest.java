package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reshaping, permuting, slicing, concatenation, expansion and padding: values and float64 gradients. */
class ShapeGradientTest {
    private static final INDArray X = uniform(31, -1, 1, 2, 3, 4);

    @Test
    void reshapesAndPermutations() {
        assertGradientsMatch("reshape", v -> v.get(0).reshape(4, -1), X);
        assertGradientsMatch("flatten", v -> v.get(0).flatten(1), X);
        assertGradientsMatch("unsqueeze", v -> v.get(0).unsqueeze(1), X);
        assertGradientsMatch("squeeze", v -> Shapes.squeeze(v.get(0), 0), uniform(32, -1, 1, 1, 3));
        assertGradientsMatch("permute", v -> v.get(0).permute(2, 0, 1), X);
        assertGradientsMatch("transpose", v -> v.get(0).transpose(0, 2), X);
        assertGradientsMatch("transpose negative dims", v -> v.get(0).transpose(-1, -2), X);
    }

    @Test
    void permuteAndTransposeMoveElementsLikePyTorch() {
        Tensor t = Tensor.of(doubles(new double[]{0, 1, 2, 3, 4, 5}, 2, 3));
        assertThat(values(t.transpose(0, 1).value())).containsExactly(0, 3, 1, 4, 2, 5);
        Tensor p = Tensor.of(X).permute(2, 0, 1);
        assertThat(p.shape()).containsExactly(4, 2, 3);
        assertThat(p.value().getDouble(3, 1, 2)).isEqualTo(X.getDouble(1, 2, 3));
        assertThat(Tensor.of(X).flatten(1).shape()).containsExactly(2, 12);
        assertThatThrownBy(() -> Tensor.of(X).reshape(5, -1)).hasMessageContaining("cannot reshape [2, 3, 4]");
    }

    @Test
    void sliceAndSelect() {
        assertGradientsMatch("slice dim 0", v -> v.get(0).slice(0, 1, 2), X);
        assertGradientsMatch("slice dim 1", v -> v.get(0).slice(1, 1, 3), X);
        assertGradientsMatch("slice dim -1", v -> v.get(0).slice(-1, 0, 2), X);
        assertGradientsMatch("select dim 1", v -> v.get(0).select(1, 2), X);
        assertGradientsMatch("select dim 2", v -> v.get(0).select(2, 0), X);
        assertGradientsMatch("two overlapping slices", v -> v.get(0).slice(2, 0, 3).add(v.get(0).slice(2, 1, 4)), X);
        Tensor t = Tensor.of(doubles(new double[]{0, 1, 2, 3, 4, 5}, 2, 3));
        assertThat(values(t.slice(1, 1, 3).value())).containsExactly(1, 2, 4, 5);
        assertThat(values(t.select(0, 1).value())).containsExactly(3, 4, 5);
        assertThat(t.select(0, 1).shape()).containsExactly(3);
        assertThatThrownBy(() -> t.slice(1, 2, 4)).hasMessageContaining("out of range for dim 1 of size 3");
    }

    @Test
    void concatAndStack() {
        INDArray a = uniform(33, -1, 1, 2, 1, 4), b = uniform(34, -1, 1, 2, 3, 4);
        assertGradientsMatch("concat dim 1 (unequal sizes)", v -> Tensor.cat(List.of(v.get(0), v.get(1)), 1), a, b);
        assertGradientsMatch("concat dim -1", v -> Shapes.concat(List.of(v.get(0), v.get(1), v.get(0)), -1), b, b.dup());
        assertGradientsMatch("concat with itself", v -> Tensor.cat(List.of(v.get(0), v.get(0)), 0), a);
        INDArray c = uniform(35, -1, 1, 2, 3);
        for (int dim : new int[]{0, 1, 2}) {
            assertGradientsMatch("stack dim " + dim, v -> Shapes.stack(List.of(v.get(0), v.get(1)), dim), c, c.mul(2));
        }
        Tensor s = Shapes.stack(List.of(Tensor.of(doubles(new double[]{1, 2}, 2)), Tensor.of(doubles(new double[]{3, 4}, 2))), 1);
        assertThat(s.shape()).containsExactly(2, 2);
        assertThat(values(s.value())).containsExactly(1, 3, 2, 4);
    }

    @Test
    void expandSumsTheGradientBack() {
        assertGradientsMatch("expand [3,1]->[2,3,4]", v -> v.get(0).expand(2, 3, 4), uniform(36, -1, 1, 3, 1));
        assertGradientsMatch("expand [4]->[3,4]", v -> v.get(0).expand(3, 4), uniform(37, -1, 1, 4));
        assertThat(values(Tensor.of(doubles(new double[]{1, 2}, 2, 1)).expand(2, 3).value())).containsExactly(1, 1, 1, 2, 2, 2);
    }

    @Test
    void pad2dAddsZerosInPyTorchOrder() {
        INDArray img = uniform(38, -1, 1, 1, 2, 2, 3);
        assertGradientsMatch("pad2d", v -> Shapes.pad2d(v.get(0), 1, 2, 0, 3), img);
        Tensor p = Shapes.pad2d(Tensor.of(doubles(new double[]{1, 2, 3, 4}, 1, 1, 2, 2)), 1, 0, 0, 1); // left 1, bottom 1
        assertThat(p.shape()).containsExactly(1, 1, 3, 3);
        assertThat(values(p.value())).containsExactly(0, 1, 2, 0, 3, 4, 0, 0, 0);
    }
}
