package dev.mamori.nn.train;

import dev.mamori.nn.init.Init;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoint files: a position and tensors that belong together, written so that a crash leaves a usable one. */
class CheckpointTest {

    private static EpochRecord record(double trainLoss) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", 0.1);
        m.put("train_loss", trainLoss);
        m.put("val_loss", Double.NaN);
        return new EpochRecord(0, 5, m, 1.5, 64);
    }

    @Test
    void roundTripsPositionHistoryPartialSumsAndTensors(@TempDir Path dir) throws Exception {
        Init.seed(1);
        Linear a = new Linear(3, 2);
        RunningMetrics partial = new RunningMetrics();
        partial.add(StepResult.of(3).mean("loss", 0.1 + 0.2).hits("accuracy", 2));
        Checkpoint.save(dir, "last", Checkpoint.Parts.single(a, new Sgd(a.namedParameters(), 0.1), null),
                new Checkpoint.Position(1, 2, 5, 42), List.of(record(0.7)), partial, Map.of("k", "v"));
        Init.seed(2);
        Linear b = new Linear(3, 2);
        Checkpoint.Loaded l = Checkpoint.load(dir, "last", Checkpoint.Parts.single(b, null, null), false);
        assertThat(l.position()).isEqualTo(new Checkpoint.Position(1, 2, 5, 42));
        assertThat(l.history()).hasSize(1);
        assertThat(l.history().get(0).trainLoss()).isEqualTo(0.7);
        assertThat(l.history().get(0).valLoss()).isNaN();
        assertThat(l.history().get(0).metrics().keySet()).containsExactly("lr", "train_loss", "val_loss");
        assertThat(l.partialEpoch().examples()).isEqualTo(3);
        assertThat(l.partialEpoch().values()).containsExactly(Map.entry("loss", 0.1 + 0.2), Map.entry("accuracy", 2 / 3.0));
        assertThat(l.info().get("k").asText()).isEqualTo("v");
        assertThat(b.weight.value().data().asFloat()).containsExactly(a.weight.value().data().asFloat());
    }

    @Test
    void severalModulesOptimizersAndEmasLiveUnderTheirNames(@TempDir Path dir) throws Exception {
        Init.seed(3);
        Linear g = new Linear(2, 2), d = new Linear(2, 1);
        Adam og = new Adam(g.namedParameters(), 0.1), od = new Adam(d.namedParameters(), 0.1);
        Ema ema = new Ema(g, 0.9, 0.75);
        g.weight.setGrad(Nd4j.onesLike(g.weight.value()));
        og.step();
        ema.update();
        Map<String, dev.mamori.nn.Module> modules = new LinkedHashMap<>();
        modules.put("g", g);
        modules.put("d", d);
        Map<String, dev.mamori.nn.optim.Optimizer> optimizers = new LinkedHashMap<>();
        optimizers.put("g", og);
        optimizers.put("d", od);
        Checkpoint.save(dir, "last", new Checkpoint.Parts(modules, optimizers, Map.of("g", ema)), new Checkpoint.Position(0, 1, 1, 0),
                List.of(), null, Map.of());
        Map<String, INDArray> t = SafeTensors.read(Checkpoint.file(dir, "last")).tensors();
        assertThat(t).containsKeys("module.g.weight", "module.d.bias", "optim.g.weight.exp_avg", "optim.g.__step__",
                "optim.d.__step__", "ema.g.weight");

        Linear g2 = new Linear(2, 2), d2 = new Linear(2, 1);
        Adam og2 = new Adam(g2.namedParameters(), 0.1), od2 = new Adam(d2.namedParameters(), 0.1);
        Ema ema2 = new Ema(g2, 0.9, 0.75);
        Map<String, dev.mamori.nn.Module> modules2 = new LinkedHashMap<>();
        modules2.put("g", g2);
        modules2.put("d", d2);
        Map<String, dev.mamori.nn.optim.Optimizer> optimizers2 = new LinkedHashMap<>();
        optimizers2.put("g", og2);
        optimizers2.put("d", od2);
        Checkpoint.load(dir, "last", new Checkpoint.Parts(modules2, optimizers2, Map.of("g", ema2)), true);
        assertThat(og2.steps()).isEqualTo(1);
        assertThat(ema2.updates()).isEqualTo(1);
        assertThat(ema2.stateDict().get("weight").data().asFloat()).containsExactly(ema.stateDict().get("weight").data().asFloat());

        // another trainer's names are an error naming both sets
        Map<String, dev.mamori.nn.Module> renamed = new LinkedHashMap<>();
        renamed.put("generator", g2);
        renamed.put("d", d2);
        assertThatThrownBy(() -> Checkpoint.load(dir, "last", new Checkpoint.Parts(renamed, Map.of(), Map.of()), false))
                .hasMessageContaining("[g, d]").hasMessageContaining("generator");
    }

    @Test
    void aFailedOverwriteLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws Exception {
        Init.seed(3);
        Linear m = new Linear(2, 2);
        float[] saved = m.weight.value().data().asFloat();
        Checkpoint.save(dir, "last", Checkpoint.Parts.single(m, null, null), new Checkpoint.Position(1, 0, 6, 0), List.of(), null, Map.of());
        m.weight.value().addi(1.0); // training went on
        // the new state cannot be serialized (an unserializable info value): nothing may replace the old checkpoint
        assertThatThrownBy(() -> Checkpoint.save(dir, "last", Checkpoint.Parts.single(m, null, null), new Checkpoint.Position(2, 0, 12, 0),
                List.of(), null, Map.of("bad", new Object())));
        Linear back = new Linear(2, 2);
        assertThat(Checkpoint.load(dir, "last", Checkpoint.Parts.single(back, null, null), false).position().step()).isEqualTo(6);
        assertThat(back.weight.value().data().asFloat()).containsExactly(saved);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("last.safetensors");
        }
    }

    @Test
    void theNextWriteClearsWhatAKilledWriteLeftBehind(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".last.safetensors123.tmp"), "half a file");
        Files.writeString(dir.resolve(".best.safetensors456.tmp"), "another run's half file");
        Checkpoint.save(dir, "last", Checkpoint.Parts.single(new Linear(2, 2), null, null), new Checkpoint.Position(0, 1, 1, 0), List.of(),
                null, Map.of());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(".best.safetensors456.tmp", "last.safetensors");
        }
    }

    @Test
    void foreignAndOldFilesFailWithTheirNameAndReason(@TempDir Path dir) throws Exception {
        Init.seed(4);
        Linear m = new Linear(2, 2);
        // a plain weights file
        SafeTensors.write(Checkpoint.file(dir, "plain"), Map.of("weight", m.weight.value()), Map.of());
        assertThatThrownBy(() -> Checkpoint.read(dir, "plain")).hasMessageContaining("plain.safetensors")
                .hasMessageContaining("not a Mamori training checkpoint");
        // what the classifier-only trainer wrote
        SafeTensors.write(Checkpoint.file(dir, "old"), Map.of("model.weight", m.weight.value()), Map.of("format", "mamori-checkpoint-1"));
        assertThatThrownBy(() -> Checkpoint.load(dir, "old", Checkpoint.Parts.single(m, null, null), true))
                .hasMessageContaining("old.safetensors").hasMessageContaining("mamori-checkpoint-1").hasMessageContaining("'model.*'");
        // a state without a history
        SafeTensors.write(Checkpoint.file(dir, "broken"), Map.of(), Map.of(Checkpoint.STATE_KEY,
                "{\"format\":\"" + Checkpoint.FORMAT + "\",\"epoch\":0,\"batch_in_epoch\":0,\"step\":0,\"seed\":1}"));
        assertThatThrownBy(() -> Checkpoint.read(dir, "broken")).hasMessageContaining("broken.safetensors").hasMessageContaining("'history'");
        SafeTensors.write(Checkpoint.file(dir, "nojson"), Map.of(), Map.of(Checkpoint.STATE_KEY, "{not json"));
        assertThatThrownBy(() -> Checkpoint.read(dir, "nojson")).hasMessageContaining("nojson.safetensors").hasMessageContaining("not valid JSON");
    }
}
