package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.SecretKeyFile;
import dev.mamori.methods.crypto.TransformKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's keys: drawn once and recorded, read back (not drawn) by a resumed run; key files no journal line records are
 * set aside, never adopted or mixed; a recorded key file that was replaced or removed is an error naming it.
 */
class ModelKeysTest {
    private static final Map<String, Object> CONFIG = Map.of("seed", 0);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    private static SecretKey draw(AtomicInteger draws) {
        draws.incrementAndGet();
        return SecretKey.random(TransformKind.SHUFFLE, 4, 1);
    }

    @Test
    void aResumedRunReadsItsKeysBackAndSetsUnrecordedOnesAside(@TempDir Path dir) throws Exception {
        AtomicInteger draws = new AtomicInteger();
        List<SecretKey> first;
        try (RunDirectory run = RunDirectory.open(dir, CONFIG, RunDirectory.Mode.NEW)) {
            ModelKeys keys = ModelKeys.open(run, log);
            first = keys.obtain("vit/shuffle/multi_key", 3, slot -> draw(draws));
            assertThat(draws).hasValue(3);
            assertThat(keys.file("vit/shuffle/multi_key", 2)).exists();
            assertThat(SecretKeyFile.isOwnerOnly(keys.file("vit/shuffle/multi_key", 2))).isTrue();
        }
        // an earlier version's key file (no journal line) and a kill between writing a key and recording it
        Path keyDir = dir.resolve(ModelKeys.DIRECTORY);
        SecretKey.random(TransformKind.FFX, 4, 1).save(keyDir.resolve("vit_ffx_full-slot0.key"));
        Files.writeString(keyDir.resolve(".key-123.tmp"), "partial");

        try (RunDirectory run = RunDirectory.open(dir, CONFIG, RunDirectory.Mode.RESUME)) {
            ModelKeys keys = ModelKeys.open(run, log);
            assertThat(keys.obtain("vit/shuffle/multi_key", 3, slot -> draw(draws))).isEqualTo(first);
            assertThat(keys.obtain("vit/shuffle/multi_key", 3, slot -> draw(draws)).stream().map(SecretKey::id))
                    .containsExactlyElementsOf(first.stream().map(SecretKey::id).toList());
            assertThat(draws).as("no key drawn again").hasValue(3);
            SecretKey fresh = keys.obtain("vit/ffx/full", 1, slot -> draw(draws)).get(0);
            assertThat(draws).hasValue(4);
            assertThat(SecretKey.load(keys.file("vit/ffx/full", 0))).isEqualTo(fresh);
            assertThat(keys.summary()).contains("1 keys drawn", "6 read back");
        }
        List<Path> stale;
        try (Stream<Path> s = Files.list(keyDir)) {
            stale = s.filter(p -> p.getFileName().toString().startsWith("stale-")).toList();
        }
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0).resolve("vit_ffx_full-slot0.key")).exists();
        assertThat(stale.get(0).resolve(".key-123.tmp")).exists();
        assertThat(SecretKeyFile.isOwnerOnly(stale.get(0).resolve("vit_ffx_full-slot0.key"))).isTrue();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("set aside 2 key file(s)");
    }

    @Test
    void aReplacedOrMissingRecordedKeyIsAnErrorAndANewRunRefusesOldKeys(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.open(dir, CONFIG, RunDirectory.Mode.NEW)) {
            ModelKeys.open(run, log).obtain("vit/shuffle/full", 1, slot -> SecretKey.random(TransformKind.SHUFFLE, 4, 1));
        }
        Path file = dir.resolve(ModelKeys.DIRECTORY).resolve("vit_shuffle_full-slot0.key");
        Files.delete(file);
        SecretKey.random(TransformKind.SHUFFLE, 4, 1).save(file);
        try (RunDirectory run = RunDirectory.open(dir, CONFIG, RunDirectory.Mode.RESUME)) {
            ModelKeys keys = ModelKeys.open(run, log);
            assertThatThrownBy(() -> keys.obtain("vit/shuffle/full", 1, slot -> SecretKey.random(TransformKind.SHUFFLE, 4, 1)))
                    .hasMessageContaining(file.toString()).hasMessageContaining("field 'id'");
            Files.delete(file);
            assertThatThrownBy(() -> keys.obtain("vit/shuffle/full", 1, slot -> SecretKey.random(TransformKind.SHUFFLE, 4, 1)))
                    .hasMessageContaining(file.toString()).hasMessageContaining("missing");
        }
        Path other = tmp.resolve("other");
        SecretKey.random(TransformKind.SHUFFLE, 4, 1).save(other.resolve(ModelKeys.DIRECTORY).resolve("x-slot0.key"));
        try (RunDirectory run = RunDirectory.open(other, CONFIG, RunDirectory.Mode.NEW)) {
            assertThatThrownBy(() -> ModelKeys.open(run, log)).hasMessageContaining("already holds keys");
        }
    }
}
