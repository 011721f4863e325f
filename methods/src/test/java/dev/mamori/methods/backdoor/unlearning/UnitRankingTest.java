package dev.mamori.methods.backdoor.unlearning;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitRankingTest {

    @Test
    void theUnitsTheTriggerMovesMostRankFirst() {
        SplittableRandom rng = new SplittableRandom(0);
        int n = 30, d = 8;
        double[][] clean = new double[n][d], trig = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                clean[i][j] = (j == 6 ? 0 : 1) + rng.nextGaussian() * (j == 2 ? 5 : 1);
                trig[i][j] = clean[i][j];
            }
            trig[i][2] += 3;         // a big shift of a noisy unit: about 0.6 clean spreads
            trig[i][5] += 2;         // a moderate shift of a quiet unit: about 2 spreads
            trig[i][6] += 0.5;       // a silent unit that fires: ranks first
        }
        for (int i = 0; i < n; i++) clean[i][6] = 0;
        UnitRanking r = UnitRanking.of(clean, trig);
        assertThat(r.order()[0]).isEqualTo(6);
        assertThat(r.order()[1]).isEqualTo(5);
        assertThat(r.order()[2]).isEqualTo(2);
        assertThat(r.top(3)).containsExactly(2, 5, 6);
        assertThatThrownBy(() -> r.top(9)).hasMessageContaining("9 of 8");
        assertThatThrownBy(() -> UnitRanking.of(clean, new double[3][d])).hasMessageContaining("as many");
    }
}
