package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DefenseEffectivenessRateTest {

    @Test
    void followsBackdoorBenchsFormula() {
        // no change
        assertThat(DefenseEffectivenessRate.of(0.9, 1.0, 0.9, 1.0)).isEqualTo(0.5);
        // backdoor removed for free
        assertThat(DefenseEffectivenessRate.of(0.9, 1.0, 0.9, 0.0)).isEqualTo(1.0);
        // ASR 95% -> 5% at the cost of 10 points: (0.9 - 0.1 + 1) / 2
        assertThat(DefenseEffectivenessRate.of(0.90, 0.95, 0.80, 0.05)).isCloseTo(0.9, within(1e-12));
        // gains in accuracy and rises in ASR are clipped at 0
        assertThat(DefenseEffectivenessRate.of(0.80, 0.50, 0.85, 0.60)).isEqualTo(0.5);
        // losing accuracy without removing anything scores below 0.5
        assertThat(DefenseEffectivenessRate.of(0.9, 1.0, 0.5, 1.0)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void ratesMustBeFractions() {
        assertThatThrownBy(() -> DefenseEffectivenessRate.of(90, 1, 0.9, 0)).hasMessageContaining("fractions");
        assertThatThrownBy(() -> DefenseEffectivenessRate.of(Double.NaN, 1, 0.9, 0)).hasMessageContaining("fractions");
    }
}
