package dev.mamori.methods.attacks;

import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The model queries of {@link AttackedModel} that FAB uses: one backward pass per logit difference. */
class AttackedModelTest {
    private static final int N = 7, D = 28 * 28, CLASSES = 10;

    private static float[] images() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = new float[N * D];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble();
        return x;
    }

    /** The gradient of z[to] - z[from] in one pass equals the difference of the two per-class gradients. */
    @Test
    void oneLogitDifferenceGradientEqualsTheDifferenceOfThePerClassGradients() {
        Init.seed(11);
        TinyCnn cnn = new TinyCnn();
        cnn.eval();
        float[] x = images();
        int[][] columns = new int[N][];
        for (int i = 0; i < N; i++) columns[i] = new int[]{i % CLASSES, (i + 3) % CLASSES};
        List<float[]> perClass = new AttackedModel(cnn, null, 256, new long[]{1, 28, 28}).logitGradients(x, N, columns);
        // chunks of 3 images: the chooser sees each chunk's logits with the chunk's first index
        LogitDifference diff = new AttackedModel(cnn, null, 3, new long[]{1, 28, 28}).logitDifferenceGradients(x, N,
                (z, first, count, from, to) -> {
                    assertThat(z).hasSize(count * CLASSES);
                    for (int k = 0; k < count; k++) {
                        from[first + k] = columns[first + k][0];
                        to[first + k] = columns[first + k][1];
                    }
                });
        assertThat(diff.logits()).containsExactly(perClass.get(0), within(1e-5f));
        assertThat(diff.from()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        double scale = 0;
        for (int i = 0; i < N * D; i++) scale = Math.max(scale, Math.abs(perClass.get(2)[i] - perClass.get(1)[i]));
        assertThat(scale).as("the gradients are not all zero").isGreaterThan(1e-4);
        for (int i = 0; i < N * D; i++) {
            double want = (double) perClass.get(2)[i] - perClass.get(1)[i];
            assertThat((double) diff.gradient()[i]).as("element " + i).isCloseTo(want, within(1e-5 * scale));
        }
    }

    @Test
    void aPairOfTheSameClassIsRefused() {
        AttackedModel m = new AttackedModel(new LinearModel(1, 28, CLASSES, 1), null, 256, new long[]{1, 28, 28});
        assertThatThrownBy(() -> m.logitDifferenceGradients(images(), N, (z, first, count, from, to) -> {}))
                .hasMessageContaining("logit pair (0, 0) of image 0");
    }
}
