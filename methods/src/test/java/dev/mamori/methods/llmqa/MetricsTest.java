package dev.mamori.methods.llmqa;

import dev.mamori.methods.llmqa.metrics.AttackOutcome;
import dev.mamori.methods.llmqa.metrics.Stability;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mamori.methods.llmqa.Sentiment.INVALID;
import static dev.mamori.methods.llmqa.Sentiment.NEGATIVE;
import static dev.mamori.methods.llmqa.Sentiment.NEUTRAL;
import static dev.mamori.methods.llmqa.Sentiment.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    /** The worked example of Wikipedia's "Fleiss' kappa" article: 10 subjects, 14 raters, 5 categories; kappa = 0.210. */
    static final int[][] WIKIPEDIA = {
            {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};

    @Test
    void fleissKappaOnTheTextbookTable() {
        // P-bar = 0.378, P_e = 0.213 (the article's intermediate values)
        assertThat(Stability.fleissKappa(WIKIPEDIA)).isCloseTo(0.2099, within(5e-4));
        assertThatThrownBy(() -> Stability.fleissKappa(new int[][]{{1, 1}, {2, 1}})).hasMessageContaining("same number");
        assertThat(Stability.fleissKappa(new int[][]{{3, 0}, {3, 0}})).isNaN();
        // perfect agreement on varied items is kappa 1
        assertThat(Stability.fleissKappa(new int[][]{{3, 0}, {0, 3}})).isEqualTo(1.0);
    }

    @Test
    void agreementAndEntropyByHand() {
        List<List<Sentiment>> answers = List.of(
                List.of(POSITIVE, POSITIVE, POSITIVE, POSITIVE), // agree; entropy 0; pairs 12/12
                List.of(POSITIVE, NEGATIVE, POSITIVE, NEGATIVE), // entropy 1 bit; pairs (2+2)/12
                List.of(NEUTRAL, INVALID, NEGATIVE, POSITIVE));  // entropy 2 bits; pairs 0
        assertThat(Stability.allAgree(answers)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Stability.meanLabelEntropy(answers)).isCloseTo(1.0, within(1e-12));
        assertThat(Stability.pairwiseAgreement(answers)).isCloseTo((1 + 4.0 / 12 + 0) / 3, within(1e-12));
        assertThat(Stability.invalidRate(List.of(INVALID, POSITIVE, NEGATIVE, INVALID))).isEqualTo(0.5);
        assertThat(Stability.spread(List.of(0.8, 0.75, 0.9))).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void attackSuccessRateCountsOnlyOriginallyCorrectItems() {
        AttackOutcome o = AttackOutcome.of("typo/random", List.of(
                new AttackOutcome.Item(POSITIVE, POSITIVE, NEGATIVE, 1, 1),  // success
                new AttackOutcome.Item(POSITIVE, POSITIVE, POSITIVE, 2, 1),  // resisted
                new AttackOutcome.Item(NEGATIVE, POSITIVE, NEGATIVE, 1, 1),  // wrong before: not in the ASR
                new AttackOutcome.Item(NEGATIVE, NEGATIVE, INVALID, 2, 5))); // an INVALID answer is a success
        assertThat(o.cleanAccuracy()).isEqualTo(0.75);
        assertThat(o.attackedAccuracy()).isEqualTo(0.5);
        assertThat(o.successRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(o.meanWordsChanged()).isEqualTo(1.5);
        assertThat(o.meanQueries()).isEqualTo(2.0);
    }
}
