package dev.mamori.models.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordTokenizerTest {
    private static final List<String> CAPTIONS = List.of("smileys & emotion: grinning face", "smileys & emotion: cat face",
            "animals & nature: cat", "flags: flag: japan");

    @Test
    void fitsWordsOnCaptionsMostFrequentFirst() {
        WordTokenizer t = WordTokenizer.fit(CAPTIONS, 1, 8);
        assertThat(t.vocabulary().subList(0, 4)).containsExactly("<pad>", "<unk>", "<|startoftext|>", "<|endoftext|>");
        assertThat(t.vocabulary().get(4)).isEqualTo(":");               // 5 colons, the most frequent word
        assertThat(WordTokenizer.words("Woman: Red-Hair, it's 2")).containsExactly("woman", ":", "red", "-", "hair", ",", "it's", "2");
        WordTokenizer.Encoding e = t.encode("cat face dog");
        assertThat(e.ids()).hasSize(8);
        assertThat(e.ids()[0]).isEqualTo(WordTokenizer.BOS_ID);
        assertThat(e.ids()[1]).isEqualTo(t.id("cat"));
        assertThat(e.ids()[3]).isEqualTo(WordTokenizer.UNK_ID);
        assertThat(e.eosPosition()).isEqualTo(4);
        assertThat(e.ids()[4]).isEqualTo(WordTokenizer.EOS_ID);
        assertThat(e.ids()[7]).isEqualTo(WordTokenizer.PAD_ID);
        assertThat(e.truncated()).isFalse();
    }

    /** A prompt longer than the context is cut, its end-of-text token kept, and reported - never an error. */
    @Test
    void longPromptsAreTruncatedWithAWarning() {
        WordTokenizer t = WordTokenizer.fit(CAPTIONS, 1, 5);
        List<String> warnings = new ArrayList<>();
        WordTokenizer.Batch b = t.encodeBatch(List.of("grinning cat face with tears of joy", "cat"), warnings::add);
        assertThat(b.ids().shape()).containsExactly(2, 5);
        assertThat(b.eosPositions()).containsExactly(4, 2);
        assertThat(b.ids().getLong(0, 4)).isEqualTo(WordTokenizer.EOS_ID);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("has 7 words").contains("holds 3").contains("truncated").contains("with tears of joy");
    }

    @Test
    void savesAndLoadsAsATokenizerFolderAndRejectsBadFiles(@TempDir Path dir) throws IOException {
        WordTokenizer t = WordTokenizer.fit(CAPTIONS, 1, 7);
        t.save(dir);
        WordTokenizer back = WordTokenizer.load(dir);
        assertThat(back.vocabulary()).isEqualTo(t.vocabulary());
        assertThat(back.contextLength()).isEqualTo(7);
        Files.writeString(dir.resolve("vocab.json"), "{\"<pad>\": 0, \"<unk>\": 1, \"x\": 1, \"y\": 3}");
        assertThatThrownBy(() -> WordTokenizer.load(dir)).hasMessageContaining("vocab.json").hasMessageContaining("token 'x'");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"CLIPTokenizer\", \"model_max_length\": 77}");
        assertThatThrownBy(() -> WordTokenizer.load(dir)).hasMessageContaining("tokenizer_config.json").hasMessageContaining("CLIPTokenizer")
                .hasMessageContaining("BPE");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{not json");
        assertThatThrownBy(() -> WordTokenizer.load(dir)).hasMessageContaining("not valid JSON");
    }
}
