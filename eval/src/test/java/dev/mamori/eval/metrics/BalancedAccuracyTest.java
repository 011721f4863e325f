package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BalancedAccuracyTest {
    //                                 class 0: 6 examples    class 1   class 2
    private static final int[] LABELS = {0, 0, 0, 0, 0, 0, 1, 1, 2, 2};
    private static final int[] PRED = {0, 0, 0, 0, 0, 1, 1, 0, 2, 0};

    @Test
    void meanOfPerClassRecallsByHand() {
        // recalls: class 0 5/6, class 1 1/2, class 2 1/2 -> (5/6 + 1/2 + 1/2) / 3 = 11/18; plain accuracy is 7/10
        assertThat(BalancedAccuracy.value(PRED, LABELS, 3)).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(Accuracy.of(PRED, LABELS).value()).isEqualTo(0.7);
    }

    @Test
    void majorityClassScoresOneOverClassesAndAbsentClassesAreLeftOut() {
        int[] allZero = new int[LABELS.length];
        assertThat(BalancedAccuracy.value(allZero, LABELS, 3)).isCloseTo(1.0 / 3, within(1e-12));
        // a fourth class with no test example does not enter the mean
        assertThat(BalancedAccuracy.value(PRED, LABELS, 4)).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(BalancedAccuracy.value(LABELS, LABELS, 3)).isEqualTo(1.0);
    }

    @Test
    void bootstrapIntervalIsSeededAndHoldsThePoint() {
        Estimate a = BalancedAccuracy.of(PRED, LABELS, 3, 7), b = BalancedAccuracy.of(PRED, LABELS, 3, 7);
        assertThat(a).isEqualTo(b);
        assertThat(a.value()).isCloseTo(11.0 / 18, within(1e-12));
        assertThat(a.interval().lower()).isLessThan(a.value());
        assertThat(a.interval().upper()).isGreaterThan(a.value());
        assertThat(a.interval().lower()).isGreaterThanOrEqualTo(0);
        assertThat(a.interval().upper()).isLessThanOrEqualTo(1);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> BalancedAccuracy.of(PRED, new int[] {0}, 3, 0)).hasMessageContaining("predictions");
        assertThatThrownBy(() -> BalancedAccuracy.of(PRED, LABELS, 2, 0)).hasMessageContaining("outside [0, 2)");
    }
}
