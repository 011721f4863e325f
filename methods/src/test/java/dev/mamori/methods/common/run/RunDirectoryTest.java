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

    /** A measurement as a stage recorded it. */
    record Measured(double ap, double undefined, java.util.List<Double> values) {
        public boolean isEmpty() {
            return values.isEmpty();
        }
    }

    /** What a finished stage recorded reads back as the records it was, NaN included, in the process that resumes it. */
    @Test
    void aFinishedStagesResultReadsBackBitForBit(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Measured m = new Measured(0.1 + 0.2, Double.NaN, java.util.List.of(1e-300, -0.0, 3.0));
        try (RunDirectory run = RunDirectory.open(dir, spec(), RunDirectory.Mode.NEW)) {
            run.markDone("seed0/plain", Map.of("test", m, "seconds", 1.5));
            assertThat(run.result("seed0/plain", "test", Measured.class)).isEqualTo(m);
        }
        try (RunDirectory run = RunDirectory.open(dir, spec(), RunDirectory.Mode.RESUME)) {
            Measured back = run.result("seed0/plain", "test", Measured.class);
            assertThat(back).isEqualTo(m);
            assertThat(Double.doubleToRawLongBits(back.ap())).isEqualTo(Double.doubleToRawLongBits(0.1 + 0.2));
            assertThat(run.result("seed0/plain", "seconds", Double.class)).isEqualTo(1.5);
            assertThatThrownBy(() -> run.result("seed0/plain", "missing", Double.class)).hasMessageContaining("records no 'missing'");
            assertThatThrownBy(() -> run.result("seed1/plain", "test", Measured.class)).hasMessageContaining("is not finished");
        }
    }
}
