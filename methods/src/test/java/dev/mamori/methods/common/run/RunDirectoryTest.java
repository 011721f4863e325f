package dev.mamori.methods.common.run;

import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new run refuses a directory holding one; resuming requires the same config and finds the finished stages. */
class RunDirectoryTest {

    private static TrainSpec spec() {
        TrainSpec s = new TrainSpec();
        s.model = "simple_cnn";
        s.lr = 0.003;
        s.modelConfig.put("width", 8);
        return s;
    }

    @Test
    void aNewRunStoresItsConfigAndAReRunIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.open(dir, spec(), RunDirectory.Mode.NEW)) {
            assertThat(run.resumed()).isFalse();
            assertThat(run.stage("model")).isDirectory();
            run.markDone("train", Map.of("test_accuracy", 0.9));
        }
        assertThat(RunDirectory.storedConfig(dir).path("lr").asDouble()).isEqualTo(0.003);
        assertThatThrownBy(() -> RunDirectory.open(dir, spec(), RunDirectory.Mode.NEW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds a run").hasMessageContaining("--resume " + dir);
        // a directory of an earlier version (checkpoints, no config) is refused too, and cannot be resumed
        Path old = tmp.resolve("old");
        Files.createDirectories(old.resolve("checkpoints"));
        assertThatThrownBy(() -> RunDirectory.open(old, spec(), RunDirectory.Mode.NEW)).hasMessageContaining("(checkpoints)");
        assertThatThrownBy(() -> RunDirectory.open(old, spec(), RunDirectory.Mode.RESUME)).hasMessageContaining("earlier version");
        assertThatThrownBy(() -> RunDirectory.storedConfig(tmp.resolve("absent"))).hasMessageContaining("no such directory");
    }

    @Test
    void resumingFindsTheFinishedStagesAndRequiresTheSameConfig(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.open(dir, spec(), RunDirectory.Mode.NEW)) {
            run.markDone("train/a", Map.of("test_accuracy", 0.9));
        }
        try (RunDirectory run = RunDirectory.open(dir, spec(), RunDirectory.Mode.RESUME)) {
            assertThat(run.resumed()).isTrue();
            assertThat(run.done("train/a")).isTrue();
            assertThat(run.done("train/b")).isFalse();
            assertThat(run.result("train/a").orElseThrow().path("test_accuracy").asDouble()).isEqualTo(0.9);
            run.markDone("train/a", Map.of("test_accuracy", 0.1)); // the first record stands, no duplicate line
        }
        assertThat(Files.readAllLines(dir.resolve(RunDirectory.JOURNAL))).filteredOn(l -> l.contains("train/a")).hasSize(1);

        TrainSpec changed = spec();
        changed.lr = 0.01;
        assertThatThrownBy(() -> RunDirectory.open(dir, changed, RunDirectory.Mode.RESUME)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.field()).isEqualTo("lr");
            assertThat(e.getMessage()).contains("0.003").contains("got 0.01");
        });
        TrainSpec nested = spec();
        nested.modelConfig.put("width", 16);
        assertThatThrownBy(() -> RunDirectory.open(dir, nested, RunDirectory.Mode.RESUME)).hasMessageContaining("'modelConfig.width'");
        // how often to checkpoint does not change what is computed
        TrainSpec operational = spec();
        operational.checkpointEverySeconds = 30;
        RunDirectory.open(dir, operational, RunDirectory.Mode.RESUME, TrainSpec.OPERATIONAL).close();
    }
}
