package dev.mamori.methods.llmqa;

import dev.mamori.methods.llmqa.systems.AfinnLexicon;
import dev.mamori.methods.llmqa.systems.LexiconSystem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LexiconSystemTest {
    @Test
    void scoresAsTheNpmPackageDoes() throws Exception {
        AfinnLexicon afinn = LlmQaFixtures.afinn();
        assertThat(afinn.size()).as("AFINN-165 has about 3,380 words").isGreaterThan(3000);
        // the package's README example: "Cats are stupid." scores -2; "Cats are totally amazing!" scores 4
        assertThat(afinn.score("Cats are stupid.")).isEqualTo(-2);
        assertThat(afinn.score("Cats are totally amazing!")).isEqualTo(4);
        assertThat(afinn.score("not good")).isEqualTo(-afinn.valence("good"));
    }

    @Test
    void labelsAndEmptyReview() throws Exception {
        LexiconSystem s = new LexiconSystem(LlmQaFixtures.afinn());
        assertThat(s.classify("I love this, it is excellent").label()).isEqualTo(Sentiment.POSITIVE);
        assertThat(s.classify("Terrible, it broke").label()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(s.classify("The box is blue").label()).isEqualTo(Sentiment.NEUTRAL);
        SentimentAnswer a = s.classify("excellent");
        assertThat(a.score(Sentiment.POSITIVE)).isGreaterThan(0.9);
        assertThatThrownBy(() -> s.classify("   ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty review");
    }
}
