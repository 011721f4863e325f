package dev.mamori.autograd.ops;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Gradients;
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

/** Embedding lookups (scatter-add gradient), nearest upsampling, bilinear grid sampling and dropout. */
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

    /**
     * The float32 upsampling kernel against the op-by-op path (switched off) in float32: values exactly (it only
     * copies), the gradient within rounding (sums of s^2 terms in another order); odd sizes, factors 2 and 3, a
     * permuted (non-contiguous) input, and the float32 values of the kernel at hand-written points.
     */
    @Test
    void nearestUpsamplingKernelMatchesOpByOp() {
        INDArray x = uniform(136, -1, 1, 3, 5, 3, 7);
        for (int s : new int[]{2, 3}) {
            Gradients.assertPathsAgree("upsample kernel x" + s, v -> Resampling.upsampleNearest(v.get(0), s),
                    v -> Gradients.withKernelsOff("upsample", () -> Resampling.upsampleNearest(v.get(0), s)), x);
            INDArray x32 = x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            assertThat(values(Resampling.upsampleNearest(Tensor.of(x32), s).value()))
                    .containsExactly(values(Gradients.withKernelsOff("upsample", () -> Resampling.upsampleNearest(Tensor.of(x32), s)).value()));
        }
        INDArray permuted = uniform(137, -1, 1, 4, 2, 3, 5).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).permute(1, 0, 2, 3);
        assertThat(values(Resampling.upsampleNearest(Tensor.of(permuted), 2).value()))
                .containsExactly(values(Gradients.withKernelsOff("upsample", () -> Resampling.upsampleNearest(Tensor.of(permuted), 2)).value()));
        Tensor up = Resampling.upsampleNearest(Tensor.of(doubles(new double[]{1, 2, 3, 4}, 1, 1, 2, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)), 2);
        assertThat(values(up.value())).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void gridSampleGradientsWithRespectToImageAndGrid() {
        INDArray image = uniform(134, -1, 1, 2, 3, 4, 5);
        INDArray grid = uniform(135, -1.2, 1.2, 2, 3, 4, 2); // some points outside the image
        for (Resampling.GridPadding padding : Resampling.GridPadding.values()) {
            for (boolean alignCorners : new boolean[]{false, true}) {
                assertGradientsMatch("grid_sample " + padding + " align_corners=" + alignCorners,
                        v -> Resampling.gridSample(v.get(0), v.get(1), padding, alignCorners), image, grid);
            }
        }
    }

    @Test
    void gridSampleAtPixelCentresReturnsTheImageAndOutsideFollowsThePadding() {
        INDArray image = uniform(136, -1, 1, 1, 2, 3, 4);
        for (boolean alignCorners : new boolean[]{false, true}) {
            INDArray grid = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 3, 4, 2);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    grid.putScalar(new long[]{0, y, x, 0}, alignCorners ? -1 + 2.0 * x / 3 : (2.0 * x + 1) / 4 - 1);
                    grid.putScalar(new long[]{0, y, x, 1}, alignCorners ? -1 + 2.0 * y / 2 : (2.0 * y + 1) / 3 - 1);
                }
            }
            Tensor out = Resampling.gridSample(Tensor.of(image), Tensor.of(grid), Resampling.GridPadding.ZEROS, alignCorners);
            assertThat(values(out.value())).containsExactly(values(image), org.assertj.core.api.Assertions.within(1e-12));
        }
        // far outside: zeros padding reads 0, border padding the nearest edge pixel (here the bottom-right corner)
        INDArray far = doubles(new double[]{5, 5}, 1, 1, 1, 2);
        double zeros = Resampling.gridSample(Tensor.of(image), Tensor.of(far), Resampling.GridPadding.ZEROS, false).value().getDouble(0);
        double border = Resampling.gridSample(Tensor.of(image), Tensor.of(far), Resampling.GridPadding.BORDER, false).value().getDouble(0);
        assertThat(zeros).isEqualTo(0.0);
        assertThat(border).isEqualTo(image.getDouble(0, 0, 2, 3));
        assertThatThrownBy(() -> Resampling.gridSample(Tensor.of(image), Tensor.of(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 2, 2, 3)),
                Resampling.GridPadding.ZEROS, false)).hasMessageContaining("grid [N, H_out, W_out, 2]");
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
