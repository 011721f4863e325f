package dev.mamori.data.formats;

import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import dev.mamori.data.catalog.DataCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewFormatsTest {
    @TempDir
    Path tmp;

    @Test
    void amazonStarsMapAsThePaperDoes() throws Exception {
        Path f = tmp.resolve("reviews.jsonl");
        Files.writeString(f, """
                {"reviewText": "Broke in a day", "overall": 1.0}
                {"reviewText": "Meh", "overall": 3.0}
                {"text": "Love it", "rating": 5}
                {"text": "Fine", "rating": 4}

                {"reviewText": "", "overall": 2.0}
                {"text": "Bad", "rating": 2}
                """);
        Dataset<TextExample> d = ReviewFormats.amazonJsonLines(f);
        assertThat(d.classes()).containsExactly("negative", "neutral", "positive");
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.get(0)).isEqualTo(new TextExample("Broke in a day", 0));
        assertThat(d.get(1).label()).isEqualTo(1);
        assertThat(d.get(2).label()).isEqualTo(2);
        assertThat(d.get(3).label()).isEqualTo(2);
        assertThat(d.get(4).label()).isEqualTo(0);
    }

    @Test
    void amazonErrorsNameTheLine() throws Exception {
        Path f = tmp.resolve("bad.jsonl");
        Files.writeString(f, "{\"text\": \"ok\", \"rating\": 5}\n{\"text\": \"x\", \"rating\": 7}\n");
        assertThatThrownBy(() -> ReviewFormats.amazonJsonLines(f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("bad.jsonl").hasMessageContaining("line 2").hasMessageContaining("1..5");
    }

    @Test
    void sstTreesGiveTheLeavesAndTheRootLabel() throws Exception {
        Path f = tmp.resolve("dev.txt");
        Files.writeString(f, "(3 (2 It) (4 (2 a) (3 (3 lovely) (2 film))) (2 .))\n"
                + "(0 (1 Dull) (2 .))\n(2 (2 Okay))\n");
        Dataset<TextExample> d = ReviewFormats.sstTrees(f);
        assertThat(d.get(0)).isEqualTo(new TextExample("It a lovely film .", 2));
        assertThat(d.get(1)).isEqualTo(new TextExample("Dull .", 0));
        assertThat(d.get(2).label()).isEqualTo(1);
        Files.writeString(f, "(3 (2 It)\n");
        assertThatThrownBy(() -> ReviewFormats.sstTrees(f)).hasMessageContaining("line 1");
    }

    @Test
    void nonUtf8InputIsAClearError() throws Exception {
        Path f = tmp.resolve("latin1.jsonl");
        Files.write(f, "{\"text\": \"caf\u00e9\", \"rating\": 5}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ReviewFormats.amazonJsonLines(f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("latin1.jsonl").hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> StrictUtf8.decode(new byte[]{(byte) 0xff}, "the review")).hasMessageContaining("the review is not valid UTF-8");
    }

    @Test
    void cmuDictionaryFromTheCatalog() throws Exception {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        assertThat(catalog.locate("cmudict")).as("cmudict is installed by .ci/install-data").isPresent();
        Dataset<?> d = catalog.open("cmudict", "all");
        assertThat(d.size()).isGreaterThan(130_000);
        assertThat(d.get(0)).isInstanceOf(CmuPronouncingDictionary.Pronunciation.class);
        boolean twoForA = false;
        int count = 0;
        for (int i = 0; i < d.size() && count < 3; i++) {
            var p = (CmuPronouncingDictionary.Pronunciation) d.get(i);
            if (p.word().equals("a")) count++;
        }
        twoForA = count >= 2;
        assertThat(twoForA).as("variants like a(2) are further pronunciations of 'a'").isTrue();
    }
}
