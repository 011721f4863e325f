package dev.mamori.methods.llmqa.experiment;

import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.llmqa.Sentiment;
import dev.mamori.methods.llmqa.metrics.AttackOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The strongest-attack claim on hand-made paired records: decided by paired bootstrap differences, never by the ranking alone. */
class ClaimsCheckTest {
    /** 200 sentences, all answered correctly before the attack; the first {@code wrong} of them wrongly after it. */
    static List<AttackOutcome.Item> records(int wrong) {
        List<AttackOutcome.Item> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(new AttackOutcome.Item(Sentiment.POSITIVE, Sentiment.POSITIVE, i < wrong ? Sentiment.NEGATIVE : Sentiment.POSITIVE, 2, 1));
        }
        return items;
    }

    static Claim strongest(Map<String, Integer> wrongByAttack) {
        Map<String, List<AttackOutcome.Item>> items = new LinkedHashMap<>();
        List<AttackOutcome> outcomes = new ArrayList<>();
        wrongByAttack.forEach((attack, wrong) -> {
            items.put(attack, records(wrong));
            outcomes.add(AttackOutcome.of(attack + "/random", items.get(attack)));
        });
        return new ClaimsCheck(null, outcomes, List.of(), items, "the held-out sentences", 0).strongestIsSynonym();
    }

    @Test
    void synonymClearlyLowestOnTheSameSentencesHolds() {
        Claim c = strongest(Map.of("synonym", 80, "typo", 20, "homoglyph", 25, "homophone", 10));
        assertThat(c.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(c.evidence()).contains("synonym minus typo: -30.0 points").contains("(synonym stronger)").doesNotContain("The lowest at random placement");
    }

    @Test
    void aLowerAccuracyWithinTheNoiseIsNoEvidenceAndAnotherStrongestAttackIsNamedWithItsOwnDifferences() {
        // synonym beats homophone by one sentence only: no clear difference; typo is clearly the strongest of all
        Map<String, Integer> wrong = new LinkedHashMap<>();
        wrong.put("typo", 90);
        wrong.put("synonym", 31);
        wrong.put("homoglyph", 40);
        wrong.put("homophone", 30);
        Claim c = strongest(wrong);
        assertThat(c.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        assertThat(c.evidence()).contains("synonym minus homophone: -0.5 points").contains("(no clear difference)").contains("(typo stronger)")
                .contains("The lowest at random placement, typo, is clearly stronger than 3 of the other 3")
                .contains("typo minus synonym: -29.5 points");
    }
}
