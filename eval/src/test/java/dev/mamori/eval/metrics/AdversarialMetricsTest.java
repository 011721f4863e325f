package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdversarialMetricsTest {
    //                          ex: 0  1  2  3  4
    private static final int[] LABELS = {0, 1, 2, 0, 1};
    private static final int[] CLEAN = {0, 1, 2, 1, 1};       // example 3 wrong before the attack
    private static final int[] ADVERSARIAL = {2, 1, 0, 0, 2}; // 0, 2, 4 flipped; 3 accidentally right

    @Test
    void untargetedSuccessCountsOnlyOriginallyCorrectExamples() {
        assertThat(AttackSuccessRate.untargeted(CLEAN, ADVERSARIAL, LABELS)).isEqualTo(Proportion.of(3, 4));
    }

    @Test
    void untargetedSuccessFromLogits() {
        var clean = Nd4j.create(new float[][] {{5, 0}, {0, 5}, {0, 5}});
        var adversarial = Nd4j.create(new float[][] {{0, 5}, {0, 5}, {5, 0}});
        // example 2 (label 0) was wrong before: not counted
        assertThat(AttackSuccessRate.untargeted(clean, adversarial, new int[] {0, 1, 0})).isEqualTo(Proportion.of(1, 2));
    }

    @Test
    void untargetedWithNothingCorrectHasZeroTrials() {
        Proportion p = AttackSuccessRate.untargeted(new int[] {1}, new int[] {1}, new int[] {0});
        assertThat(p.trials()).isZero();
        assertThat(p.value()).isNaN();
        assertThatThrownBy(p::wilson).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void targetedSuccessIsTheFractionHittingTheTarget() {
        assertThat(AttackSuccessRate.targeted(new int[] {3, 3, 1, 3}, new int[] {3, 3, 3, 2})).isEqualTo(Proportion.of(2, 4));
        assertThatThrownBy(() -> AttackSuccessRate.targeted(Nd4j.create(new float[][] {{1, 0}}), new int[] {2}))
                .hasMessage("targets[0] = 2 is outside [0, 2)");
    }

    @Test
    void robustAccuracyNeedsCleanAndAdversarialCorrect() {
        // robust: example 1 only (example 3 is right under attack but was wrong on the clean input)
        assertThat(RobustAccuracy.of(CLEAN, ADVERSARIAL, LABELS)).isEqualTo(Proportion.of(1, 5));
        assertThat(RobustAccuracy.adversarialOnly(ADVERSARIAL, LABELS)).isEqualTo(Proportion.of(2, 5));
    }

    @Test
    void perturbationNormsPerExample() {
        // two 1x2x2 images; the second is unchanged
        float[] clean = {0.5f, 0.5f, 0.5f, 0.5f, 0.2f, 0.2f, 0.2f, 0.2f};
        float[] adversarial = {0.6f, 0.3f, 0.5f, 0.5f, 0.2f, 0.2f, 0.2f, 0.2f};
        PerturbationNorms norms = PerturbationNorms.between(Nd4j.create(clean, new long[] {2, 1, 2, 2}),
                Nd4j.create(adversarial, new long[] {2, 1, 2, 2}));
        assertThat(norms.linf()[0]).isCloseTo(0.2, within(1e-6));
        assertThat(norms.l2()[0]).isCloseTo(Math.sqrt(0.01 + 0.04), within(1e-6));
        assertThat(norms.l0()).containsExactly(2, 0);
        assertThat(norms.linf()[1]).isZero();
        assertThat(norms.linfSummary().mean()).isCloseTo(0.1, within(1e-6));
        // a tolerance above 0.15 ignores the 0.1 change
        assertThat(PerturbationNorms.between(Nd4j.create(clean, new long[] {2, 1, 2, 2}),
                Nd4j.create(adversarial, new long[] {2, 1, 2, 2}), 0.15).l0()).containsExactly(1, 0);
    }

    @Test
    void perturbationNormsRejectMismatchedShapes() {
        assertThatThrownBy(() -> PerturbationNorms.between(Nd4j.zeros(2, 1, 4, 4), Nd4j.zeros(2, 3, 4, 4)))
                .hasMessage("clean has shape [2, 1, 4, 4] but adversarial has [2, 3, 4, 4]");
    }
}
