package dev.mamori.nn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Early stopping and restore-best on any named metric, in either direction: an evaluator that reports a scripted
 * score lets the test know which epoch is best, and records the weights it saw so restore-best can be checked.
 */
class EarlyStoppingTest {
    private static final BatchSource<INDArray> DATA = ToyGan.ring(48, 16); // 3 steps per epoch
    private static final double[] SCORES = {5, 3, 4, 2, 2.5, 2.6, 2.7, 2.8};

    /** Reports SCORES[epoch] as "fid" and keeps the generator weights it measured (the EMA's when there is one). */
    private static final class Scripted implements Evaluator<INDArray> {
        final ToyGan gan;
        final List<float[]> seen = new ArrayList<>();

        Scripted(ToyGan gan) {
            this.gan = gan;
        }

        @Override
        public Map<String, Double> evaluate(BatchSource<INDArray> validation) {
            seen.add(weights(gan));
            return Map.of("fid", SCORES[seen.size() - 1]);
        }
    }

    private static float[] weights(ToyGan gan) {
        return gan.generator.namedParameters().get("0.weight").value().dup().data().asFloat();
    }

    private static Trainer<INDArray> trainer(ToyGan gan, Evaluator<INDArray> evaluator, TrainerConfig config) {
        return Trainer.builder(gan.step(), config).module("generator", gan.generator).module("discriminator", gan.discriminator)
                .optimizer("g", gan.generatorOptimizer).optimizer("d", gan.discriminatorOptimizer).evaluator(evaluator).build();
    }

    @Test
    void stopsOnAMetricToMinimizeAndRestoresItsBestEpoch() {
        ToyGan gan = new ToyGan(1);
        Scripted fid = new Scripted(gan);
        Trainer.Result r = trainer(gan, fid, TrainerConfig.epochs(8).withSeed(1).withMonitor(Monitor.min("fid"))
                .withEarlyStopping(2, true).quiet()).fit(DATA);
        // best 2.0 at epoch 3; epochs 4 and 5 do not improve on it
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(r.bestValue()).isEqualTo(2.0);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.history()).hasSize(6);
        assertThat(r.steps()).isEqualTo(18);
        assertThat(weights(gan)).as("restored to what epoch 3's evaluation saw").containsExactly(fid.seen.get(3));
        assertThat(weights(gan)).isNotEqualTo(fid.seen.get(5));
    }

    @Test
    void theDirectionDecides() {
        // the same scores maximized: epoch 0 is best, and two epochs without improvement end the run at epoch 2
        ToyGan gan = new ToyGan(1);
        Trainer.Result r = trainer(gan, new Scripted(gan), TrainerConfig.epochs(8).withSeed(1).withMonitor(Monitor.max("fid"))
                .withEarlyStopping(2, false).quiet()).fit(DATA);
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.history()).hasSize(3);
    }

    @Test
    void restoreBestFromTheBestCheckpointWithEma(@TempDir Path dir) throws IOException {
        ToyGan gan = new ToyGan(1);
        Scripted fid = new Scripted(gan);
        TrainerConfig config = TrainerConfig.epochs(8).withSeed(1).withEma(0.5).withMonitor(Monitor.min("fid")).withEarlyStopping(2, true)
                .withCheckpoints(dir, 0).quiet();
        Trainer<INDArray> t = Trainer.builder(gan.step(), config).module("generator", gan.generator).module("discriminator", gan.discriminator)
                .optimizer("g", gan.generatorOptimizer).optimizer("d", gan.discriminatorOptimizer).emaOf("generator").evaluator(fid).build();
        Trainer.Result r = t.fit(DATA);
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(Checkpoint.read(dir, Trainer.BEST).position().step()).isEqualTo(12);
        // the evaluation saw the averaged weights, and those are what restore-best puts live
        assertThat(weights(gan)).containsExactly(fid.seen.get(3));
    }

    @Test
    void aMonitoredMetricNobodyMeasuresIsAnError() {
        ToyGan gan = new ToyGan(1);
        assertThatThrownBy(() -> trainer(gan, new Scripted(gan), TrainerConfig.epochs(2).withMonitor(Monitor.min("val_loss"))
                .withEarlyStopping(1, false).quiet()).fit(DATA))
                .hasMessageContaining("'val_loss'").hasMessageContaining("fid");
        assertThatThrownBy(() -> trainer(gan, new Scripted(gan), TrainerConfig.epochs(2).withEarlyStopping(1, false).quiet()))
                .hasMessageContaining("monitored metric");
    }

    @Test
    void nanMeansNotMeasuredAndNeverImproves() {
        ToyGan gan = new ToyGan(1);
        Trainer.Result r = trainer(gan, v -> Map.of("fid", Double.NaN), TrainerConfig.epochs(3).withSeed(1)
                .withMonitor(Monitor.min("fid")).withEarlyStopping(1, false).quiet()).fit(DATA);
        assertThat(r.stoppedEarly()).isFalse();
        assertThat(r.bestEpoch()).isEqualTo(-1);
        assertThat(r.bestValue()).isNaN();
        assertThat(r.history()).hasSize(3);
    }
}
