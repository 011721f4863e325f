package dev.mamori.nn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A diverging run stops at once with a message naming the step and the metric, and never replaces the last good
 * checkpoint with a poisoned state, so it can be resumed (with a lower learning rate) from there.
 */
class DivergenceTest {
    private static final BatchSource<INDArray> DATA = ToyGan.ring(96, 16); // 6 steps per epoch

    private static float[] generatorWeights(Trainer<INDArray> t) {
        return t.modules().get("generator").namedParameters().get("0.weight").value().dup().data().asFloat();
    }

    @Test
    void aNonFiniteMetricStopsTheRunAndKeepsTheLastCheckpoint(@TempDir Path dir) throws IOException {
        ToyGan gan = new ToyGan(1);
        TrainingStep<INDArray> inner = gan.step();
        // the real update runs (the weights move on), then the step reports an infinite discriminator loss at step 7
        TrainingStep<INDArray> diverging = (batch, ctx) -> {
            StepResult r = inner.run(batch, ctx);
            if (ctx.globalStep() < 7) return r;
            return StepResult.of(r.examples()).mean("d_loss", Double.POSITIVE_INFINITY).mean("g_loss", 0.5);
        };
        Trainer<INDArray> t = gan.trainer(diverging, ToyGan.config(3).withCheckpoints(dir, 2));
        assertThatThrownBy(() -> t.fit(DATA)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d_loss became Infinity at step 7 (epoch 2, batch 2;")
                .hasMessageContaining("learning rates g ").hasMessageContaining(", d ")
                .hasMessageContaining("the last checkpoint (step 6) in " + dir + " is kept");

        Checkpoint.Loaded kept = Checkpoint.read(dir, Trainer.LAST);
        assertThat(kept.position().step()).isEqualTo(6);
        // what it holds is the state after step 6: equal to a clean run of 6 steps, not to the weights after step 7
        ToyGan clean = new ToyGan(1);
        Trainer<INDArray> six = clean.trainer(clean.step(), ToyGan.config(3).withMaxSteps(6));
        six.fit(DATA);
        ToyGan loaded = new ToyGan(5);
        Trainer<INDArray> reader = loaded.trainer(loaded.step(), ToyGan.config(3));
        Checkpoint.load(dir, Trainer.LAST, new Checkpoint.Parts(reader.modules(), reader.optimizers(), java.util.Map.of()), true);
        assertThat(generatorWeights(reader)).containsExactly(generatorWeights(six));
        assertThat(generatorWeights(t)).as("the diverged run's live weights moved on").isNotEqualTo(generatorWeights(reader));
    }

    @Test
    void nonFiniteWeightsAreNeverCheckpointed(@TempDir Path dir) throws IOException {
        ToyGan gan = new ToyGan(1);
        TrainingStep<INDArray> inner = gan.step();
        // finite metrics, but the update at step 3 leaves a NaN weight (an overflow the loss did not show yet)
        TrainingStep<INDArray> poisoning = (batch, ctx) -> {
            StepResult r = inner.run(batch, ctx);
            if (ctx.globalStep() == 3) gan.discriminator.namedParameters().get("3.bias").value().putScalar(0, Float.NaN);
            return r;
        };
        assertThatThrownBy(() -> gan.trainer(poisoning, ToyGan.config(3).withCheckpoints(dir, 2)).fit(DATA))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parameter '3.bias' of module 'discriminator' is not finite after step 4")
                .hasMessageContaining("the last checkpoint (step 2)");
        assertThat(Checkpoint.read(dir, Trainer.LAST).position().step()).isEqualTo(2);
    }

    @Test
    void aClassifierLossNamesItsLearningRate() {
        // the classifier's single optimizer: "learning rate", no checkpoint directory, no checkpoint note
        ToyGan gan = new ToyGan(1);
        TrainingStep<INDArray> nan = (batch, ctx) -> StepResult.of(batch.size(0)).mean("loss", Double.NaN);
        Trainer<INDArray> t = Trainer.builder(nan, TrainerConfig.epochs(1).quiet()).module("generator", gan.generator)
                .optimizer("g", gan.generatorOptimizer).build();
        assertThatThrownBy(() -> t.fit(DATA)).hasMessage("loss became NaN at step 0 (epoch 1, batch 1; learning rate 0.002)");
    }
}
