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

    /**
     * A finite loss with a NaN gradient (an overflow in a backward pass) stops the run before the optimizer applies
     * it: the live weights are those after the last good step, and the checkpoint before is kept.
     */
    @Test
    void aNonFiniteGradientStopsTheRunBeforeTheUpdate(@TempDir Path dir) throws IOException {
        Blobs data = new Blobs(1, 96, 3, 16); // 6 steps per epoch
        dev.mamori.nn.init.Init.seed(3);
        dev.mamori.nn.layers.Linear model = new dev.mamori.nn.layers.Linear(Blobs.FEATURES, 3);
        dev.mamori.nn.optim.Sgd sgd = new dev.mamori.nn.optim.Sgd(model.namedParameters(), 0.1);
        float[][] before = new float[1][];
        TrainingStep<TrainBatch> poisoned = (b, ctx) -> {
            ctx.zeroGrad("model");
            dev.mamori.autograd.Tensor l = dev.mamori.nn.losses.Losses.crossEntropy(model.call(dev.mamori.autograd.Tensor.of(b.inputs())), b.labels());
            l.backward();
            if (ctx.globalStep() == 5) {
                model.weight.grad().putScalar(0, Float.POSITIVE_INFINITY);
                before[0] = model.weight.value().dup().data().asFloat();
            }
            ctx.step("model");
            return StepResult.of(b.size()).mean("loss", l.item());
        };
        Trainer<TrainBatch> t = Trainer.builder(poisoned, TrainerConfig.epochs(2).withCheckpoints(dir, 2).quiet()).module("model", model)
                .optimizer("model", sgd).build();
        assertThatThrownBy(() -> t.fit(data)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("the gradient norm of optimizer 'model' became Infinity at step 5 (epoch 1, batch 6; learning rate 0.1)")
                .hasMessageContaining("the last checkpoint (step 4) in " + dir + " is kept");
        assertThat(model.weight.value().data().asFloat()).as("the infinite gradient was not applied").containsExactly(before[0]);
        assertThat(Checkpoint.read(dir, Trainer.LAST).position().step()).isEqualTo(4);
    }

    @Test
    void aNonFiniteLearningRateStopsTheRunAtItsFirstStep() {
        ToyGan gan = new ToyGan(1);
        Trainer<INDArray> t = Trainer.builder(gan.step(), TrainerConfig.epochs(1).quiet()).module("generator", gan.generator)
                .module("discriminator", gan.discriminator).optimizer("g", gan.generatorOptimizer, step -> Double.POSITIVE_INFINITY)
                .optimizer("d", gan.discriminatorOptimizer).build();
        assertThatThrownBy(() -> t.fit(DATA)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("the learning rate of optimizer 'g' became Infinity at step 0");
    }
}
