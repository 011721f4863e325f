package dev.mamori.nn.train;

import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoint files: a position and tensors that belong together, or no checkpoint at all. */
class CheckpointTest {

    @Test
    void roundTripsPositionHistoryAndTensors(@TempDir Path dir) throws Exception {
        Init.seed(1);
        Linear a = new Linear(3, 2);
        EpochRecord rec = new EpochRecord(0, 5, 0.1, 0.7, 0.5, Double.NaN, Double.NaN, 1.5, 64);
        Checkpoint.save(dir, "last", a, new Sgd(a.namedParameters(), 0.1), null, new Checkpoint.Position(1, 2, 5, 42), List.of(rec), Map.of("k", "v"));
        Init.seed(2);
        Linear b = new Linear(3, 2);
        Checkpoint.Loaded l = Checkpoint.load(dir, "last", b, null, null);
        assertThat(l.position()).isEqualTo(new Checkpoint.Position(1, 2, 5, 42));
        assertThat(l.history()).hasSize(1);
        assertThat(l.history().get(0).trainLoss()).isEqualTo(0.7);
        assertThat(l.history().get(0).valLoss()).isNaN();
        assertThat(l.info().get("k").asText()).isEqualTo("v");
        assertThat(b.weight.value().data().asFloat()).containsExactly(a.weight.value().data().asFloat());
    }

    @Test
    void aFailedOverwriteLeavesNoCheckpointRatherThanAMismatchedOne(@TempDir Path dir) throws Exception {
        Init.seed(3);
        Linear m = new Linear(2, 2);
        Checkpoint.save(dir, "last", m, null, null, new Checkpoint.Position(1, 0, 6, 0), List.of(), Map.of());
        m.weight.value().addi(1.0); // training went on
        // the JSON cannot be written (an unserializable info value) after the tensors were replaced
        assertThatThrownBy(() -> Checkpoint.save(dir, "last", m, null, null, new Checkpoint.Position(2, 0, 12, 0), List.of(),
                Map.of("bad", new Object())));
        // the old JSON (step 6) must not be left beside the new (step 12) tensors: the checkpoint reads as absent
        assertThat(Checkpoint.exists(dir, "last")).isFalse();
        assertThatThrownBy(() -> Checkpoint.load(dir, "last", new Linear(2, 2), null, null)).hasMessageContaining("no checkpoint");
    }
}
