package dev.mamori.data.emoji;

import static dev.mamori.data.RealData.locate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.catalog.DataCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken packages fail with a clear error naming the file: temp copies of the first emoji of the installed packages,
 * then a truncated PNG, a missing image, a missing or truncated emoji.json, a corrupt pixel cache.
 */
class EmojiFileErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EMOJI = 24;

    @TempDir Path temp;
    private Path prefix;
    private Path cache;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void copyTheFirstEmoji() throws IOException {
        Path real = locate(DataCatalog.fromEnvironment(), "emoji-category", true).path();
        prefix = temp.resolve("npm");
        cache = temp.resolve("cache");
        Path meta = EmojiMetadata.packageDir(prefix);
        Files.createDirectories(meta);
        Files.copy(EmojiMetadata.packageDir(real).resolve("package.json"), meta.resolve("package.json"));
        JsonNode all = JSON.readTree(EmojiMetadata.packageDir(real).resolve("emoji.json").toFile());
        ArrayNode some = JSON.createArrayNode();
        for (int i = 0; i < EMOJI; i++) some.add(all.get(i));
        JSON.writeValue(meta.resolve("emoji.json").toFile(), some);
        for (EmojiVendor v : EmojiVendor.defaults()) {
            Files.createDirectories(v.imageDir(prefix));
            Files.copy(v.packageDir(real).resolve("package.json"), v.packageDir(prefix).resolve("package.json"));
            for (JsonNode e : some) {
                String image = e.get("image").asText();
                Files.copy(v.imageDir(real).resolve(image), v.imageDir(prefix).resolve(image));
            }
        }
    }

    private Dataset<EmojiExample> open() throws IOException {
        return EmojiViews.category(prefix, cache, EmojiViewOptions.defaults(), "all", log);
    }

    private Path twitterImage(int record) throws IOException {
        JsonNode some = JSON.readTree(EmojiMetadata.packageDir(prefix).resolve("emoji.json").toFile());
        return EmojiVendor.TWITTER.imageDir(prefix).resolve(some.get(record).get("image").asText());
    }

    @Test
    void theCopiesOpen() throws IOException {
        assertThat(open().size()).isEqualTo(2 * EMOJI);
    }

    @Test
    void aTruncatedPngNamesTheFile() throws IOException {
        Path png = twitterImage(5);
        byte[] bytes = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(this::open).isInstanceOf(MalformedDataException.class).hasMessageContaining(png.toString())
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void aPngOfTheWrongSizeIsRefusedBeforeDecoding() throws IOException {
        Path png = twitterImage(3);
        Files.copy(png, temp.resolve("keep.png"));
        dev.mamori.data.formats.ImageFiles.writePng(new dev.mamori.data.ByteImage(3, 16, 8, new byte[3 * 16 * 8]), png);
        assertThatThrownBy(this::open).isInstanceOf(MalformedDataException.class).hasMessageContaining(png.toString())
                .hasMessageContaining("8x16 pixels, expected 64x64");
    }

    @Test
    void aMissingImageNamesTheFile() throws IOException {
        Path png = twitterImage(7);
        Files.delete(png);
        assertThatThrownBy(this::open).isInstanceOf(NoSuchFileException.class).hasMessageContaining(png.toString())
                .hasMessageContaining("has_img_twitter");
    }

    @Test
    void aMissingOrTruncatedEmojiJsonNamesTheFile() throws IOException {
        Path json = EmojiMetadata.packageDir(prefix).resolve("emoji.json");
        String text = Files.readString(json);
        Files.writeString(json, text.substring(0, text.length() / 3));
        assertThatThrownBy(this::open).isInstanceOf(MalformedDataException.class).hasMessageContaining(json.toString())
                .hasMessageContaining("invalid JSON");
        Files.writeString(json, text.replaceFirst("\"image\":\"[^\"]+\"", "\"image\":\"../../../etc/passwd\""));
        assertThatThrownBy(this::open).isInstanceOf(MalformedDataException.class).hasMessageContaining("emoji.json")
                .hasMessageContaining("record 0").hasMessageContaining("'image'");
        Files.delete(json);
        assertThatThrownBy(this::open).isInstanceOf(NoSuchFileException.class).hasMessageContaining(json.toString())
                .hasMessageContaining("npm install");
    }

    @Test
    void aCorruptCacheIsRebuiltAndTheVendorsNotInstalledAreNamed() throws IOException {
        Dataset<EmojiExample> first = open();
        Path file;
        try (var files = Files.list(cache.resolve("emoji"))) {
            file = files.filter(f -> f.getFileName().toString().startsWith("emoji-datasource-google")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 0x5A;
        Files.write(file, bytes);
        Dataset<EmojiExample> second = open();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains(file.toString()).contains("checksum");
        for (int i = 0; i < first.size(); i++) assertThat(second.get(i).image()).isEqualTo(first.get(i).image());
        EmojiViewOptions apple = EmojiViewOptions.builder().vendors(java.util.List.of(EmojiVendor.GOOGLE, EmojiVendor.APPLE)).build();
        assertThatThrownBy(() -> EmojiViews.category(prefix, cache, apple, "all", log)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("--vendors apple").hasMessageContaining("not licensed for commercial usage");
    }
}
