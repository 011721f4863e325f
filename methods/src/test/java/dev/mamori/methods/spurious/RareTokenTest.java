package dev.mamori.methods.spurious;

import dev.mamori.models.text.WordTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rare token is the least frequent plain word of the vocabulary, never a class word; a configured one must be known. */
class RareTokenTest {
    // fitted order: most frequent first, so "zebra" (last plain word) is the rarest
    private static final WordTokenizer TOKENIZER = new WordTokenizer(List.of(WordTokenizer.PAD, WordTokenizer.UNK, WordTokenizer.BOS,
            WordTokenizer.EOS, "face", "symbols", "heart", "zebra", "42", ":"), 16);

    @Test
    void choosesTheRarestPlainWordOutsideTheClassPrompt() {
        assertThat(RareToken.choose(TOKENIZER, "", "symbols")).isEqualTo("zebra");
        assertThat(RareToken.choose(TOKENIZER, "", "red zebra")).isEqualTo("heart");     // skips "42", ":" and the class words
        assertThat(RareToken.instancePrompt("zebra", "symbols")).isEqualTo("zebra symbols");
        assertThat(TOKENIZER.encode(RareToken.instancePrompt("zebra", "symbols")).ids()).contains(TOKENIZER.id("zebra"))
                .doesNotContain(WordTokenizer.UNK_ID);
    }

    @Test
    void aConfiguredTokenMustBeAKnownWordOutsideTheClassPrompt() {
        assertThat(RareToken.choose(TOKENIZER, "Heart", "symbols")).isEqualTo("heart");
        assertThatThrownBy(() -> RareToken.choose(TOKENIZER, "sks", "symbols")).hasMessageContaining("dreambooth.rareToken")
                .hasMessageContaining("'sks'").hasMessageContaining("<unk>");
        assertThatThrownBy(() -> RareToken.choose(TOKENIZER, "symbols", "symbols")).hasMessageContaining("class prompt");
    }

    @Test
    void aVocabularyWithoutPlainWordsIsAClearError() {
        WordTokenizer digits = new WordTokenizer(List.of(WordTokenizer.PAD, WordTokenizer.UNK, WordTokenizer.BOS, WordTokenizer.EOS, "1", "2"), 8);
        assertThatThrownBy(() -> RareToken.choose(digits, "", "symbols")).hasMessageContaining("no plain word");
    }
}
