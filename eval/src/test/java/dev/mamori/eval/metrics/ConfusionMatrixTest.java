package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfusionMatrixTest {

    @Test
    void countsTrueByPredicted() {
        int[] labels = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 0, 2};
        ConfusionMatrix m = ConfusionMatrix.of(predicted, labels, 3);
        assertThat(m.toArray()).isDeepEqualTo(new long[][] {{2, 1, 0}, {1, 1, 0}, {0, 0, 1}});
        assertThat(m.total()).isEqualTo(6);
        assertThat(m.accuracy()).isEqualTo(Proportion.of(4, 6));
        assertThat(m.perClassAccuracy()).containsExactly(Proportion.of(2, 3), Proportion.of(1, 2), Proportion.of(1, 1));
    }

    @Test
    void fromLogitsUsesArgmax() {
        ConfusionMatrix m = ConfusionMatrix.of(Nd4j.create(new float[][] {{2, 1}, {0, 3}, {5, 4}}), new int[] {0, 0, 1});
        assertThat(m.toArray()).isDeepEqualTo(new long[][] {{1, 1}, {1, 0}});
    }

    @Test
    void rendersAReadableTable() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1, 1}, new int[] {0, 0, 1, 1}, 3);
        String text = m.toText(List.of("cat", "dog", "bird"));
        assertThat(text).isEqualTo(
                "true\\pred  cat  dog bird | total  accuracy\n"
                        + "cat          1    1    0 |     2   50.00%\n"
                        + "dog          0    2    0 |     2  100.00%\n"
                        + "bird         0    0    0 |     0  n/a\n");
    }

    @Test
    void rejectsPredictionsOutsideTheClasses() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 5}, new int[] {0, 1}, 2))
                .hasMessage("predictions[1] = 5 is outside [0, 2)");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, 2).toText(List.of("a")))
                .hasMessageContaining("1 class names for 2 classes");
    }
}
