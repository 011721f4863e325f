package dev.mamori.methods.common.run;

import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.crypto.OwnerOnlyFiles;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's keys are drawn once, saved owner-only when drawn, and read back (not drawn again) by a resumed run; a new
 * run refuses a directory that holds keys.
 */
class RunKeysTest {
    private static final RunKeys.Format<SecretKey> FILES = new RunKeys.Format<>() {
        @Override
        public SecretKey read(Path file) throws IOException {
            return SecretKey.load(file, TransformKind.SHUFFLE, 2, 3);
        }

        @Override
        public void write(Path file, SecretKey key) throws IOException {
            key.save(file);
        }
    };

    private static TrainSpec config() {
        TrainSpec s = new TrainSpec();
        s.model = "simple_cnn";
        return s;
    }

    @Test
    void aKeyIsDrawnOnceAndReadBackOnResume(@TempDir Path dir) throws Exception {
        AtomicInteger draws = new AtomicInteger();
        SecretKey first;
        try (RunDirectory run = RunDirectory.open(dir, config(), RunDirectory.Mode.NEW)) {
            first = RunKeys.of(run).obtain("owner", FILES, () -> {
                draws.incrementAndGet();
                return SecretKey.random(TransformKind.SHUFFLE, 2, 3);
            });
        }
        Path file = dir.resolve("keys/owner.key");
        assertThat(OwnerOnlyFiles.isOwnerOnly(file)).isTrue();
        byte[] bytes = Files.readAllBytes(file);
        try (RunDirectory run = RunDirectory.open(dir, config(), RunDirectory.Mode.RESUME)) {
            RunKeys keys = RunKeys.of(run);
            assertThat(keys.has("owner")).isTrue();
            SecretKey again = keys.obtain("owner", FILES, () -> {
                draws.incrementAndGet();
                return SecretKey.random(TransformKind.SHUFFLE, 2, 3);
            });
            assertThat(again).isEqualTo(first);
            assertThat(again.id()).isEqualTo(first.id());
        }
        assertThat(draws.get()).isEqualTo(1);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aNewRunRefusesADirectoryHoldingKeys(@TempDir Path dir) throws Exception {
        SecretKey.random(TransformKind.SHUFFLE, 2, 3).save(dir.resolve("keys/left-over.key"));
        try (RunDirectory run = RunDirectory.open(dir, config(), RunDirectory.Mode.NEW)) {
            assertThatThrownBy(() -> RunKeys.of(run)).hasMessageContaining("already holds keys");
        }
    }
}
