package dev.mamori.methods.attacks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetsTest {

    @Test
    void randomTargetsDifferFromLabelsCoverAllOtherClassesAndRepeatWithTheSeed() {
        int[] labels = new int[2000];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        int[] t = Targets.random(labels, 10, 3);
        int[] counts = new int[10];
        for (int i = 0; i < t.length; i++) {
            assertThat(t[i]).isNotEqualTo(labels[i]).isBetween(0, 9);
            counts[t[i]]++;
        }
        for (int c : counts) assertThat(c).isBetween(150, 250);
        assertThat(Targets.random(labels, 10, 3)).isEqualTo(t);
        assertThat(Targets.random(labels, 10, 4)).isNotEqualTo(t);
    }

    @Test
    void shiftedAndRankedTargets() {
        assertThat(Targets.shifted(new int[]{0, 9, 4}, 10, 1)).containsExactly(1, 0, 5);
        assertThatThrownBy(() -> Targets.shifted(new int[]{0}, 10, 10)).hasMessageContaining("to itself");
        float[] logits = {
                0, 5, 3, 1,   // label 1: ranking 1, 2, 3, 0 -> wrong classes 2, 3, 0
                9, 8, 7, 6};  // label 3: wrong classes 0, 1, 2
        assertThat(Targets.ranked(logits, 2, 4, new int[]{1, 3}, 1)).containsExactly(2, 0);
        assertThat(Targets.ranked(logits, 2, 4, new int[]{1, 3}, 2)).containsExactly(3, 1);
        assertThat(Targets.leastLikely(logits, 2, 4, new int[]{1, 3})).containsExactly(0, 2);
        assertThatThrownBy(() -> Targets.ranked(logits, 2, 4, new int[]{1, 3}, 4)).hasMessageContaining("[1, 3]");
        assertThatThrownBy(() -> Targets.random(new int[]{10}, 10, 0)).hasMessageContaining("label 10 at index 0");
    }
}
