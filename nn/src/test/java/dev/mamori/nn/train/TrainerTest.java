package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.Dropout;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Sequential;
import dev.mamori.nn.losses.Loss;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Optimizer;
import dev.mamori.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Trainer on a tiny MLP over separable blobs: learning, exact resumption, reproducibility, EMA, files. */
class TrainerTest {
    private static final Blobs TRAIN = new Blobs(1, 96, 3, 16); // 6 batches per epoch
    private static final Blobs VAL = new Blobs(2, 48, 3, 16);
    private static final Loss CE = Losses::crossEntropy;

    private static Sequential mlp(long initSeed, boolean dropout) {
        Init.seed(initSeed);
        return dropout
                ? new Sequential(new Linear(Blobs.FEATURES, 16), Activation.relu(), new Dropout(0.3), new Linear(16, 3))
                : new Sequential(new Linear(Blobs.FEATURES, 16), Activation.relu(), new Linear(16, 3));
    }

    private static Function<Module, Optimizer> adam() {
        return m -> new Adam(m.namedParameters(), 0.01);
    }

    private static Trainer<TrainBatch> trainer(Module m, Function<Module, Optimizer> opt, TrainerConfig c) {
        Optimizer o = opt.apply(m);
        return Trainer.classifier(m, o, LrSchedule.cosine(o.lr(), 0.001, 18), CE, c);
    }

    private static float[] weights(Module m) {
        return flatten(m.namedParameters().values().stream().map(Tensor::value).toList());
    }

    private static float[] flatten(java.util.Collection<INDArray> arrays) {
        List<float[]> parts = arrays.stream().map(a -> a.dup('c').data().asFloat()).toList();
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int k = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, all, k, a.length);
            k += a.length;
        }
        return all;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void learnsTheSeparableProblem() {
        Sequential m = mlp(1, false);
        Trainer.Result r = trainer(m, adam(), TrainerConfig.epochs(3).withSeed(7).quiet()).fit(TRAIN, VAL);
        assertThat(r.history()).hasSize(3);
        assertThat(r.steps()).isEqualTo(18);
        assertThat(r.last().valAccuracy()).as("chance is 1/3").isGreaterThan(0.9);
        assertThat(r.last().trainLoss()).isLessThan(r.history().get(0).trainLoss());
        assertThat(Evaluation.run(m, VAL, CE).accuracy()).isEqualTo(r.last().valAccuracy());
        assertThat(m.isTraining()).isTrue();
    }

    /**
     * A run stopped after {@code stopAt} steps and resumed with new model, optimizer and trainer objects (the model
     * initialized differently, so only the checkpoint can make them equal) ends with bit-identical weights: every
     * operation is deterministic and the checkpoint stores float32 values, Adam moments and the step exactly.
     */
    private static void assertResumeIsExact(Path dir, boolean dropout, Function<Module, Optimizer> opt, long stopAt, long everySteps,
                                            BatchSource<TrainBatch> val) throws IOException {
        TrainerConfig full = TrainerConfig.epochs(3).withSeed(11).withEma(0.9).quiet();
        Sequential uninterrupted = mlp(1, dropout);
        Trainer<TrainBatch> t0 = trainer(uninterrupted, opt, full.withCheckpoints(dir.resolve("a"), everySteps));
        Trainer.Result reference = t0.fit(TRAIN, val);

        Path ckpt = dir.resolve("b");
        Trainer<TrainBatch> stopped = trainer(mlp(1, dropout), opt, full.withMaxSteps(stopAt).withCheckpoints(ckpt, everySteps));
        assertThat(stopped.fit(TRAIN, val).steps()).isEqualTo(stopAt);

        Sequential fresh = mlp(999, dropout);
        assertThat(weights(fresh)).isNotEqualTo(weights(uninterrupted));
        Trainer<TrainBatch> resumed = trainer(fresh, opt, full.withCheckpoints(ckpt, everySteps));
        Trainer.Result r = resumed.resume(TRAIN, val);
        assertThat(r.steps()).isEqualTo(18);
        assertThat(weights(fresh)).containsExactly(weights(uninterrupted));
        // the history has each epoch once, with whole-epoch training metrics, as in the uninterrupted run
        assertThat(r.history()).extracting(EpochRecord::epoch).containsExactly(0, 1, 2);
        assertThat(r.history()).extracting(EpochRecord::trainLoss)
                .containsExactlyElementsOf(reference.history().stream().map(EpochRecord::trainLoss).toList());
        assertThat(r.history()).extracting(EpochRecord::trainAccuracy)
                .containsExactlyElementsOf(reference.history().stream().map(EpochRecord::trainAccuracy).toList());
        for (Map.Entry<String, INDArray> e : t0.ema().stateDict().entrySet()) {
            assertThat(resumed.ema().stateDict().get(e.getKey()).data().asFloat()).as("EMA " + e.getKey())
                    .containsExactly(e.getValue().data().asFloat());
        }
    }

    @Test
    void resumingAtAnEpochEndReachesTheSameWeights(@TempDir Path dir) throws IOException {
        assertResumeIsExact(dir, false, adam(), 12, 0, VAL);
    }

    @Test
    void resumingMidEpochWithDropoutAndMomentumReachesTheSameWeights(@TempDir Path dir) throws IOException {
        assertResumeIsExact(dir, true, m -> new Sgd(m.namedParameters(), 0.05, 0.9, 0, 1e-4, true), 9, 3, VAL);
    }

    @Test
    void resumingWithPlainSgdAndNoValidationReachesTheSameWeights(@TempDir Path dir) throws IOException {
        // no validation set: the history in the checkpoint holds NaN metrics, which must survive the JSON round trip
        assertResumeIsExact(dir, false, m -> new Sgd(m.namedParameters(), 0.1), 8, 4, null);
    }

    @Test
    void gradientClippingBoundsEachUpdate() {
        Sequential m = mlp(11, false);
        float[] before = weights(m);
        // one step of SGD with learning rate 1: the update is exactly the clipped gradient
        Trainer.classifier(m, new Sgd(m.namedParameters(), 1.0), null, CE, TrainerConfig.epochs(1).withMaxSteps(1).withGradClipNorm(1e-3).quiet())
                .fit(TRAIN, null);
        float[] after = weights(m);
        double sq = 0;
        for (int i = 0; i < before.length; i++) sq += (after[i] - before[i]) * (double) (after[i] - before[i]);
        assertThat(Math.sqrt(sq)).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void dropoutRunsAreReproducibleFromTheSeed() {
        Sequential a = mlp(3, true), b = mlp(3, true), c = mlp(3, true);
        trainer(a, adam(), TrainerConfig.epochs(2).withSeed(5).quiet()).fit(TRAIN, null);
        trainer(b, adam(), TrainerConfig.epochs(2).withSeed(5).quiet()).fit(TRAIN, null);
        trainer(c, adam(), TrainerConfig.epochs(2).withSeed(6).quiet()).fit(TRAIN, null);
        assertThat(weights(b)).containsExactly(weights(a));
        assertThat(weights(c)).as("another seed: other batches and dropout masks").isNotEqualTo(weights(a));
    }

    @Test
    void earlyStoppingTriggersWhenValidationStopsImproving() {
        Sequential m = mlp(4, false);
        // learning rate 0: validation accuracy never improves after the first epoch
        Trainer<TrainBatch> t = Trainer.classifier(m, new Sgd(m.namedParameters(), 0.0), null, CE, TrainerConfig.epochs(10).withSeed(1).withEarlyStopping(2, false).quiet());
        Trainer.Result r = t.fit(TRAIN, VAL);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.history()).hasSize(3);
        assertThat(r.steps()).isEqualTo(18);
    }

    @Test
    void restoreBestLoadsTheBestCheckpoint(@TempDir Path dir) throws IOException {
        Sequential m = mlp(5, false);
        Trainer.Result r = trainer(m, adam(), TrainerConfig.epochs(3).withSeed(2).withEarlyStopping(10, true)
                .withCheckpoints(dir, 0).quiet()).fit(TRAIN, VAL);
        assertThat(r.stoppedEarly()).isFalse();
        Map<String, INDArray> best = SafeTensors.read(dir.resolve("best.safetensors")).tensors();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            assertThat(e.getValue().value().data().asFloat()).containsExactly(best.get("module.model." + e.getKey()).data().asFloat());
        }
        assertThat(Checkpoint.read(dir, Trainer.BEST).position().epoch()).isEqualTo(r.bestEpoch() + 1);
    }

    @Test
    void emaWeightsDifferFromLiveWeightsAndSwapRestores() {
        Sequential m = mlp(6, false);
        Trainer<TrainBatch> t = trainer(m, adam(), TrainerConfig.epochs(2).withSeed(3).withEma(0.8).quiet());
        t.fit(TRAIN, null);
        float[] live = weights(m);
        Map<String, INDArray> shadow = t.ema().stateDict();
        assertThat(shadow.keySet()).containsExactlyElementsOf(m.namedParameters().keySet());
        float[] avg = flatten(shadow.values());
        double maxDiff = 0;
        for (int i = 0; i < live.length; i++) maxDiff = Math.max(maxDiff, Math.abs(live[i] - avg[i]));
        assertThat(maxDiff).isGreaterThan(1e-4);
        t.ema().swap();
        assertThat(weights(m)).containsExactly(avg);
        t.ema().swap();
        assertThat(weights(m)).containsExactly(live);
    }

    @Test
    void emaFollowsItsDefinition() {
        Linear lin = new Linear(2, 1);
        float[] w0 = lin.weight.value().data().asFloat();
        Ema ema = new Ema(lin, 0.75);
        lin.weight.value().assign(1.0);
        ema.update();
        float[] s = ema.stateDict().get("weight").data().asFloat();
        for (int i = 0; i < 2; i++) assertThat(s[i]).isCloseTo(0.75f * w0[i] + 0.25f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThatThrownBy(() -> new Ema(lin, 1.0)).hasMessageContaining("(0, 1)");
    }

    @Test
    void metricsLinesAreStrictJson(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("logs/metrics.jsonl");
        Sequential m = mlp(7, false);
        trainer(m, adam(), TrainerConfig.epochs(2).withSeed(4).withMetricsFile(metrics).quiet()).fit(TRAIN, null);
        List<String> lines = Files.readAllLines(metrics);
        assertThat(lines).hasSize(2);
        ObjectMapper strict = new ObjectMapper(); // rejects NaN and Infinity tokens
        for (int i = 0; i < 2; i++) {
            assertThat(lines.get(i)).doesNotContain("NaN").doesNotContain("Infinity");
            JsonNode o = strict.readTree(lines.get(i));
            assertThat(o.get("epoch").asInt()).isEqualTo(i);
            assertThat(o.get("step").asLong()).isEqualTo(6L * (i + 1));
            assertThat(o.get("train_loss").isNumber()).isTrue();
            assertThat(o.get("train_accuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(o.get("val_loss").isNull()).as("no validation set: null, not NaN").isTrue();
            assertThat(o.get("lr").isNumber()).isTrue();
        }
    }

    @Test
    void checkpointsAreOneFileEachAndAMissingFileMeansNoCheckpoint(@TempDir Path dir) throws IOException {
        Sequential m = mlp(8, false);
        trainer(m, adam(), TrainerConfig.epochs(2).withSeed(9).withCheckpoints(dir, 4).quiet()).fit(TRAIN, VAL);
        assertThat(listing(dir)).as("no temporary files left").containsExactly("best.safetensors", "last.safetensors");
        Checkpoint.Loaded last = Checkpoint.read(dir, Trainer.LAST);
        assertThat(last.position()).isEqualTo(new Checkpoint.Position(2, 0, 12, 9));
        assertThat(last.history()).hasSize(2);
        assertThat(last.partialEpoch()).as("an epoch boundary has no running sums").isNull();
        JsonNode state = new ObjectMapper().readTree(SafeTensors.read(dir.resolve("last.safetensors")).metadata().get(Checkpoint.STATE_KEY));
        assertThat(state.get("format").asText()).isEqualTo(Checkpoint.FORMAT);
        assertThat(state.get("modules")).hasSize(1);
        assertThat(state.get("info").get("modules").get("model").get("parameters").asLong()).isEqualTo(m.parameterCount());

        // a different seed cannot continue this run
        assertThatThrownBy(() -> trainer(mlp(8, false), adam(), TrainerConfig.epochs(3).withSeed(10).withCheckpoints(dir, 0).quiet()).resume(TRAIN, VAL))
                .hasMessageContaining("seed 9").hasMessageContaining("seed 10");

        Files.delete(dir.resolve("last.safetensors"));
        assertThat(Checkpoint.exists(dir, Trainer.LAST)).isFalse();
        assertThatThrownBy(() -> Checkpoint.load(dir, Trainer.LAST, Checkpoint.Parts.single(m, null, null), true)).isInstanceOf(IOException.class)
                .hasMessageContaining("last.safetensors").hasMessageContaining("no checkpoint");
        // resume without a checkpoint starts afresh
        Trainer.Result r = trainer(mlp(8, false), adam(), TrainerConfig.epochs(1).withSeed(9).withCheckpoints(dir, 0).quiet()).resume(TRAIN, VAL);
        assertThat(r.history()).hasSize(1);
        assertThat(r.history().get(0).epoch()).isZero();
        assertThat(r.steps()).isEqualTo(6);
    }

    @Test
    void evaluationCountsArgmaxHits() {
        INDArray logits = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][]{{0.1f, 0.9f, 0f}, {2f, 1f, 0f}, {0f, 0f, 3f}});
        assertThat(Evaluation.countCorrect(logits, new int[]{1, 1, 2})).isEqualTo(2);
        Sequential m = mlp(10, false);
        m.train();
        Evaluation.Result r = Evaluation.run(m, VAL, CE);
        assertThat(r.total()).isEqualTo(48);
        assertThat(r.accuracy()).isEqualTo(r.correct() / 48.0);
        assertThat(m.isTraining()).as("training mode restored").isTrue();
    }

    @Test
    void aNaNLossStopsWithAClearError() {
        Sequential m = mlp(9, false);
        Loss broken = (out, labels) -> out.sum().mul(Double.NaN);
        Trainer<TrainBatch> t = Trainer.classifier(m, new Sgd(m.namedParameters(), 0.1), null, broken, TrainerConfig.epochs(1).quiet());
        assertThatThrownBy(() -> t.fit(TRAIN, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loss became NaN at step 0").hasMessageContaining("learning rate 0.1");
    }
}
