package dev.mamori.data.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.data.ByteImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelCacheTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final AtomicInteger renders = new AtomicInteger();
    private static final List<String> NAMES = List.of("a.png", "b.png", "c.png");

    /** Image i: every pixel equal to 10 * (i + 1) + channel. */
    private ByteImage render(int i) {
        renders.incrementAndGet();
        byte[] p = new byte[3 * 2 * 2];
        for (int k = 0; k < p.length; k++) p[k] = (byte) (10 * (i + 1) + k / 4);
        return new ByteImage(3, 2, 2, p);
    }

    private byte[] load(Path file, String key, List<String> names) throws IOException {
        return PixelCache.loadOrBuild(file, key, names, 3, 2, 2, this::render, log);
    }

    @Test
    void buildsOnceThenReadsTheFile() throws IOException {
        Path file = dir.resolve("sub/x.pixels");
        byte[] first = load(file, "k1", NAMES);
        assertThat(renders).hasValue(3);
        assertThat(first).hasSize(36);
        assertThat(first[12]).isEqualTo((byte) 20);
        byte[] second = load(file, "k1", NAMES);
        assertThat(renders).hasValue(3);
        assertThat(second).isEqualTo(first);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aStaleTruncatedOrCorruptFileIsRebuiltAndSaysWhy() throws IOException {
        Path file = dir.resolve("x.pixels");
        byte[] good = load(file, "k1", NAMES);
        load(file, "k2", NAMES); // another package version
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("made for 'k1', needed 'k2'");
        load(file, "k2", List.of("a.png", "b.png", "d.png")); // another list of images
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("another list of images");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        assertThat(load(file, "k2", List.of("a.png", "b.png", "d.png"))).isEqualTo(good);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("truncated");
        bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThat(load(file, "k2", List.of("a.png", "b.png", "d.png"))).isEqualTo(good);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("checksum mismatch");
        Files.writeString(file, "garbage");
        assertThat(load(file, "k2", List.of("a.png", "b.png", "d.png"))).isEqualTo(good);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains(file.toString());
        assertThat(renders).hasValue(18); // six builds of three images
    }

    @Test
    void anUnwritablePlaceStillGivesThePixels() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        byte[] pixels = load(blocker.resolve("x.pixels"), "k", NAMES);
        assertThat(pixels).hasSize(36);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("cannot write the pixel cache");
    }
}
