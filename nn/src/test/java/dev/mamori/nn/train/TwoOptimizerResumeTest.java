package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A two-optimizer step (the toy GAN: alternating discriminator and generator updates, each with its own Adam and
 * schedule, an EMA of the generator with warm-up, noise from the step's generator, dropout in the discriminator)
 * crashed in the middle of an epoch and resumed from its last checkpoint by new objects reaches bit-identical weights,
 * optimizer states, EMA and history.
 */
class TwoOptimizerResumeTest {
    private static final BatchSource<INDArray> DATA = ToyGan.ring(96, 16); // 6 batches per epoch

    /** The toy step, throwing at global step {@code crashAt} as a crash would interrupt it. */
    private static TrainingStep<INDArray> crashingAt(ToyGan gan, long crashAt) {
        TrainingStep<INDArray> inner = gan.step();
        return (batch, ctx) -> {
            if (ctx.globalStep() == crashAt) throw new IllegalStateException("simulated crash at step " + crashAt);
            return inner.run(batch, ctx);
        };
    }

    private static void assertSameState(Map<String, INDArray> actual, Map<String, INDArray> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, v) -> {
            assertThat(actual.get(k).dataType()).as(k).isEqualTo(v.dataType());
            assertThat(actual.get(k).shape()).as(k).isEqualTo(v.shape());
            assertThat(actual.get(k).dup('c').data().asDouble()).as(k).containsExactly(v.dup('c').data().asDouble());
        });
    }

    @Test
    void aCrashedRunResumesBitIdentically(@TempDir Path dir) throws IOException {
        ToyGan straightGan = new ToyGan(1);
        Trainer<INDArray> straight = straightGan.trainer(straightGan.step(), ToyGan.config(3)
                .withCheckpoints(dir.resolve("a"), 4).withMetricsFile(dir.resolve("a.jsonl")));
        Trainer.Result reference = straight.fit(DATA);
        assertThat(reference.steps()).isEqualTo(18);

        // crash at step 10 (epoch 2, batch 5): the last checkpoint is the one of step 8 (epoch 2, batch 3)
        ToyGan crashedGan = new ToyGan(1);
        TrainerConfig crashConfig = ToyGan.config(3).withCheckpoints(dir.resolve("b"), 4).withMetricsFile(dir.resolve("b.jsonl"));
        assertThatThrownBy(() -> crashedGan.trainer(crashingAt(crashedGan, 10), crashConfig).fit(DATA)).hasMessageContaining("simulated crash");
        Checkpoint.Loaded saved = Checkpoint.read(dir.resolve("b"), Trainer.LAST);
        assertThat(saved.position()).isEqualTo(new Checkpoint.Position(1, 2, 8, 7));
        assertThat(saved.partialEpoch().examples()).isEqualTo(32);

        ToyGan fresh = new ToyGan(999); // other initial weights: only the checkpoint can make them equal
        Trainer<INDArray> resumed = fresh.trainer(fresh.step(), crashConfig);
        assertThat(ToyGan.state(resumed).get("module.generator.0.weight").dup().data().asFloat())
                .isNotEqualTo(ToyGan.state(straight).get("module.generator.0.weight").dup().data().asFloat());
        Trainer.Result r = resumed.resume(DATA);

        assertThat(r.steps()).isEqualTo(18);
        assertSameState(ToyGan.state(resumed), ToyGan.state(straight));
        assertThat(resumed.ema("generator").updates()).isEqualTo(18);
        assertThat(ToyGan.history(r.history())).containsExactlyElementsOf(ToyGan.history(reference.history()));
        assertThat(r.history().get(0).metrics().keySet()).containsExactly("lr_g", "lr_d", "train_d_loss", "train_g_loss");
        // the metrics file holds every epoch once, as the uninterrupted run's does
        assertThat(withoutTimes(Files.readAllLines(dir.resolve("b.jsonl")))).containsExactlyElementsOf(withoutTimes(Files.readAllLines(dir.resolve("a.jsonl"))));
    }

    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(",\"seconds\".*", "")).toList();
    }

    @Test
    void theComparisonSeesAForgottenPieceOfState(@TempDir Path dir) throws IOException {
        // a negative control: a checkpoint whose EMA update count was lost (set to 0) resumes to the same weights but
        // not the same average, because the warm-up reads the count
        ToyGan straightGan = new ToyGan(1);
        Trainer<INDArray> straight = straightGan.trainer(straightGan.step(), ToyGan.config(2));
        straight.fit(DATA);
        ToyGan crashedGan = new ToyGan(1);
        TrainerConfig c = ToyGan.config(2).withCheckpoints(dir, 4);
        assertThatThrownBy(() -> crashedGan.trainer(crashingAt(crashedGan, 5), c).fit(DATA));
        Path file = Checkpoint.file(dir, Trainer.LAST);
        SafeTensors.Contents contents = SafeTensors.read(file);
        ObjectNode state = (ObjectNode) new ObjectMapper().readTree(contents.metadata().get(Checkpoint.STATE_KEY));
        assertThat(state.get("ema_updates").get("generator").asLong()).isEqualTo(4);
        ((ObjectNode) state.get("ema_updates")).put("generator", 0);
        SafeTensors.write(file, contents.tensors(), Map.of("format", Checkpoint.FORMAT, Checkpoint.STATE_KEY, state.toString()));

        ToyGan fresh = new ToyGan(999);
        Trainer<INDArray> resumed = fresh.trainer(fresh.step(), c);
        resumed.resume(DATA);
        Map<String, INDArray> expected = ToyGan.state(straight), actual = ToyGan.state(resumed);
        assertThat(actual.get("module.generator.0.weight").dup().data().asFloat())
                .containsExactly(expected.get("module.generator.0.weight").dup().data().asFloat());
        assertThat(actual.get("ema.0.weight").dup().data().asFloat()).isNotEqualTo(expected.get("ema.0.weight").dup().data().asFloat());
    }

    @Test
    void checkpointsByTimeAloneBoundTheLoss(@TempDir Path dir) throws IOException {
        // no step cadence and no epoch end before the crash: only the time-based checkpoints exist
        ToyGan gan = new ToyGan(1);
        TrainerConfig everyMoment = ToyGan.config(1).withCheckpoints(dir.resolve("timed"), 0).withCheckpointEverySeconds(1e-9);
        assertThatThrownBy(() -> gan.trainer(crashingAt(gan, 5), everyMoment).fit(DATA)).hasMessageContaining("simulated crash");
        assertThat(Checkpoint.read(dir.resolve("timed"), Trainer.LAST).position().step()).isEqualTo(5);

        ToyGan untimed = new ToyGan(1);
        assertThatThrownBy(() -> untimed.trainer(crashingAt(untimed, 5), ToyGan.config(1).withCheckpoints(dir.resolve("untimed"), 0)).fit(DATA));
        assertThat(Checkpoint.exists(dir.resolve("untimed"), Trainer.LAST)).isFalse();
    }
}
