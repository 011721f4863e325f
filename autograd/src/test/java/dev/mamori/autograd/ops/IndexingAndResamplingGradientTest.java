package dev.mamori.autograd.ops;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Embedding lookups (scatter-add gradient), nearest upsampling and dropout. */
class IndexingAndResamplingGradientTest {

    @Test
    void embeddingGathersRowsAndScattersGradients() {
        INDArray table = uniform(131, -1, 1, 5, 3);
        INDArray idx = Nd4j.createFromArray(new long[]{4, 0, 4, 2, 1, 4}).reshape(2, 3); // repeats must accumulate
        assertGradientsMatch("embedding", v -> Indexing.embedding(idx, v.get(0)), table);
        Tensor out = Indexing.embedding(idx, Tensor.of(table));
        assertThat(out.shape()).containsExactly(2, 3, 3);
        assertThat(values(out.value().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(0))))
                .containsExactly(values(table.getRow(2)));
        Tensor w = Tensor.variable(table.dup());
        INDArray g = Autograd.grad(Indexing.embedding(idx, w).sum(), w);
        assertThat(values(g.sum(1))).containsExactly(3, 3, 3, 0, 9); // row 4 used three times, row 3 never
        assertThatThrownBy(() -> Indexing.embedding(Nd4j.createFromArray(new long[]{5}), Tensor.of(table)))
                .hasMessageContaining("out of range [0, 5)");
        assertGradientsMatch("index select rows", v -> Indexing.indexSelectRows(v.get(0), Nd4j.createFromArray(new int[]{1, 1, 3})), table);
    }

    @Test
    void nearestUpsampling() {
        INDArray x = uniform(132, -1, 1, 2, 2, 2, 3);
        assertGradientsMatch("upsample x2", v -> Resampling.upsampleNearest(v.get(0), 2), x);
        assertGradientsMatch("upsample x3", v -> Resampling.upsampleNearest(v.get(0), 3), x);
        Tensor up = Resampling.upsampleNearest(Tensor.of(doubles(new double[]{1, 2, 3, 4}, 1, 1, 2, 2)), 2);
        assertThat(values(up.value())).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void dropoutScalesSurvivorsAndItsGradientUsesTheSameMask() {
        INDArray x = uniform(133, -1, 1, 4, 5);
        assertGradientsMatch("dropout p=0.3 (fixed seed)",
                v -> Regularization.dropout(v.get(0), 0.3, Nd4j.getRandomFactory().getNewRandomInstance(5)), x);
        INDArray ones = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 100, 100);
        double[] y = values(Regularization.dropout(Tensor.of(ones), 0.25, Nd4j.getRandomFactory().getNewRandomInstance(9)).value());
        long zeros = java.util.Arrays.stream(y).filter(v -> v == 0).count();
        assertThat(java.util.Arrays.stream(y).filter(v -> v != 0)).allSatisfy(v -> assertThat(v).isEqualTo(1 / 0.75, org.assertj.core.api.Assertions.within(1e-12)));
        assertThat(zeros).isBetween(2200L, 2800L); // 25% of 10000, +-6 sigma
        assertThat(Regularization.dropout(Tensor.of(ones), 0, null).value()).isSameAs(ones);
    }
}
