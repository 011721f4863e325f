package dev.mamori.methods.llmqa;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerParserTest {
    @Test
    void singleLabelWordsInAnyCaseWithDecoration() {
        assertThat(AnswerParser.parse("POSITIVE")).isEqualTo(Sentiment.POSITIVE);
        assertThat(AnswerParser.parse("  negative.\n")).isEqualTo(Sentiment.NEGATIVE);
        assertThat(AnswerParser.parse("**Neutral**")).isEqualTo(Sentiment.NEUTRAL);
        assertThat(AnswerParser.parse("\"Positive\"")).isEqualTo(Sentiment.POSITIVE);
        assertThat(AnswerParser.parse("Sentiment: positive")).isEqualTo(Sentiment.POSITIVE);
    }

    @Test
    void anythingElseIsInvalid() {
        assertThat(AnswerParser.parse("")).isEqualTo(Sentiment.INVALID);
        assertThat(AnswerParser.parse(null)).isEqualTo(Sentiment.INVALID);
        assertThat(AnswerParser.parse("The sentiment is positive.")).isEqualTo(Sentiment.INVALID);
        assertThat(AnswerParser.parse("POSITIVE or NEGATIVE")).isEqualTo(Sentiment.INVALID);
        assertThat(AnswerParser.parse("mixed")).isEqualTo(Sentiment.INVALID);
    }

    @Test
    void promptTemplatesRenderAndGiveTheReviewBack() {
        String review = "Great phone: battery lasts.";
        for (PromptTemplate t : PromptTemplate.VARIANTS) {
            assertThat(PromptTemplate.reviewOf(t.render(review))).as(t.name()).isEqualTo(review);
        }
        assertThat(PromptTemplate.PAPER.render(review)).contains("determine if the sentiment is POSITIVE, NEGATIVE or NEUTRAL")
                .contains("Return only a single word");
        assertThat(PromptTemplate.reviewOf("just text")).isEqualTo("just text");
    }
}
