package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccuracyTest {

    private static final float[][] SCORES = {
            {0.1f, 0.7f, 0.2f},   // predicts 1
            {0.5f, 0.3f, 0.2f},   // predicts 0
            {0.2f, 0.3f, 0.5f},   // predicts 2
            {0.6f, 0.1f, 0.3f},   // predicts 0
    };
    private static final int[] LABELS = {1, 2, 2, 1};

    @Test
    void top1CountsArgmaxHits() {
        Proportion acc = Accuracy.top1(Nd4j.create(SCORES), LABELS);
        assertThat(acc).isEqualTo(Proportion.of(2, 4));
        assertThat(acc.value()).isEqualTo(0.5);
    }

    @Test
    void top2AddsSecondBestHits() {
        // example 1: label 2 ranks third (0.2 < 0.3 < 0.5) -> miss; example 3: label 1 ranks third -> miss
        assertThat(Accuracy.topK(Nd4j.create(SCORES), LABELS, 2)).isEqualTo(Proportion.of(2, 4));
        assertThat(Accuracy.topK(Nd4j.create(SCORES), new int[] {2, 1, 1, 2}, 2)).isEqualTo(Proportion.of(4, 4));
        assertThat(Accuracy.topK(Nd4j.create(SCORES), LABELS, 3)).isEqualTo(Proportion.of(4, 4));
    }

    @Test
    void tiesAreBrokenByClassIndex() {
        Logits allEqual = Logits.of(new float[][] {{1f, 1f, 1f}});
        assertThat(allEqual.argmax()).containsExactly(0);
        assertThat(Accuracy.topK(allEqual, new int[] {0}, 1).successes()).isEqualTo(1);
        assertThat(Accuracy.topK(allEqual, new int[] {1}, 1).successes()).isEqualTo(0);
        assertThat(Accuracy.topK(allEqual, new int[] {1}, 2).successes()).isEqualTo(1);
        assertThat(Accuracy.topK(allEqual, new int[] {2}, 2).successes()).isEqualTo(0);
        assertThat(Accuracy.topK(allEqual, new int[] {2}, 3).successes()).isEqualTo(1);
        // a tie for second place: [3, 2, 2] with label 2 is outside the top 2 (class 1 wins the tie)
        Logits tieForSecond = Logits.of(new float[][] {{3f, 2f, 2f}});
        assertThat(Accuracy.topK(tieForSecond, new int[] {2}, 2).successes()).isEqualTo(0);
        assertThat(Accuracy.topK(tieForSecond, new int[] {1}, 2).successes()).isEqualTo(1);
    }

    @Test
    void perClassAccuracyMarksAbsentClasses() {
        Proportion[] perClass = Accuracy.perClass(new int[] {0, 0, 1, 0}, new int[] {0, 0, 1, 1}, 3);
        assertThat(perClass).containsExactly(Proportion.of(2, 2), Proportion.of(1, 2), Proportion.of(0, 0));
        assertThat(perClass[2].value()).isNaN();
        assertThat(perClass[2].isEmpty()).isTrue();
    }

    @Test
    void emptyInputsAreRejectedClearly() {
        assertThatThrownBy(() -> Accuracy.top1(Nd4j.create(new float[0], new long[] {0, 3}), new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Accuracy.of(new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels is empty");
        assertThatThrownBy(() -> Logits.of(new float[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void badInputsNameTheOffendingEntry() {
        assertThatThrownBy(() -> Accuracy.top1(Nd4j.create(SCORES), new int[] {1, 2, 3, 0}))
                .hasMessage("labels[2] = 3 is outside [0, 3)");
        assertThatThrownBy(() -> Accuracy.top1(Nd4j.create(SCORES), new int[] {1, 2}))
                .hasMessageContaining("labels has 2 entries but logits has 4");
        assertThatThrownBy(() -> Accuracy.topK(Nd4j.create(SCORES), LABELS, 4))
                .hasMessageContaining("k must be in [1, 3]");
        assertThatThrownBy(() -> Logits.of(new float[][] {{0f, Float.NaN}}))
                .hasMessage("logits[0][1] is NaN");
        assertThatThrownBy(() -> Logits.of(Nd4j.create(new float[] {1, 2, 3})))
                .hasMessageContaining("[N, C]");
    }
}
