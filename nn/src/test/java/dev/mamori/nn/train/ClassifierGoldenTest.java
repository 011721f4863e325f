package dev.mamori.nn.train;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.Dropout;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Sequential;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classifier training gives what it gave before the training loop became generic over a training step: the history
 * below was recorded with the classifier-only Trainer (commit 16840ac) on x86-64 with the nd4j-native oneDNN build. It
 * pins the whole sequence: batch order, dropout masks, schedule, clipping, Adam and SGD updates, EMA, validation with
 * the averaged weights, early stopping and restore-best from the checkpoint. Steps, epochs and accuracies must match
 * exactly; losses and the weights' per-tensor sums and squared norms to a relative 1e-5, because oneDNN picks its
 * matrix kernels by CPU (an AVX-512 FP16 Xeon gives other last bits than the machine the history was recorded on:
 * losses differ there by about 2e-8 relative, while a change of batch order, mask or update moves them by 1e-3 or
 * more). The weight summaries were recorded from the same code on the second machine; hashes of the exact bits were
 * used before and held on one CPU family only.
 */
class ClassifierGoldenTest {
    private static final Blobs TRAIN = new Blobs(1, 96, 3, 16);
    private static final Blobs VAL = new Blobs(2, 48, 3, 16);

    private static Sequential mlp(long seed) {
        Init.seed(seed);
        return new Sequential(new Linear(Blobs.FEATURES, 16), Activation.relu(), new Dropout(0.2), new Linear(16, 3));
    }

    /** Per tensor, in order: the sum and the sum of squares of its values (summaries that tolerate last-bit differences). */
    static double[] summary(Collection<INDArray> arrays) {
        double[] out = new double[2 * arrays.size()];
        int k = 0;
        for (INDArray a : arrays) {
            double sum = 0, squares = 0;
            for (float f : a.dup('c').data().asFloat()) {
                sum += f;
                squares += (double) f * f;
            }
            out[k++] = sum;
            out[k++] = squares;
        }
        return out;
    }

    private static double[] weights(Module m) {
        return summary(m.namedParameters().values().stream().map(Tensor::value).toList());
    }

    private static final double RELATIVE = 1e-5;
    private static final double[] ADAM_WEIGHTS = {-1.598320653429255, 5.877755320259369, 0.09126352285966277, 1.1498407844128429,
            -2.1955106866371352, 2.2710112299815357, -0.2641860879957676, 0.051997562365269326};
    private static final double[] SGD_WEIGHTS = {2.5280609079636633, 5.546561399847215, 1.7100920919328928, 0.5461976027402564,
            -0.3078690131660551, 1.1286626694689166, 0.06178158521652222, 0.029399729504639094};
    private static final double[] EMA_WEIGHTS = {0.19680633442476392, 8.203222417277008, 0.16608818992972374, 1.0401413241333346,
            0.5994643596932292, 4.609581750064774, 0.16118615865707397, 0.01703059186124445};
    private static final double[] ADAM_EMA = {-1.6666336975758895, 5.676835640106658, -0.06257859384641051, 1.1021009951693426,
            -2.015130592510104, 2.000999354570925, -0.2614682577550411, 0.05516303553755132};
    private static final double[] EMA_AVERAGE = {1.9681723130634055, 16.20398133401246, 1.3010991206392646, 1.350392220418738,
            0.5932305110618472, 11.814063382277398, 0.15950998198240995, 0.06650927280237842};

    private static void assertClose(double[] actual, double... expected) {
        assertThat(actual).as("per-tensor sums and squared norms %s", java.util.Arrays.toString(actual)).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("summary %d of %s", i, java.util.Arrays.toString(actual))
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(RELATIVE * Math.max(1e-3, Math.abs(expected[i]))));
        }
    }

    /** The history against the recorded rows: integers and accuracies exactly, losses and rates to {@link #RELATIVE}. */
    private static void assertHistory(Trainer.Result r, String... expected) {
        List<String> actual = rows(r);
        assertThat(actual).as("history").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            String[] a = actual.get(i).split(" "), e = expected[i].split(" ");
            assertThat(a).as("row %d: %s", i, actual.get(i)).hasSameSizeAs(e);
            assertThat(a[0]).as("epoch, row %d", i).isEqualTo(e[0]);
            assertThat(a[1]).as("step, row %d", i).isEqualTo(e[1]);
            for (int j : new int[]{4, 6}) assertThat(a[j]).as("accuracy %d, row %d: %s", j, i, actual.get(i)).isEqualTo(e[j]);
            for (int j : new int[]{2, 3, 5}) {
                double x = Double.parseDouble(a[j]), y = Double.parseDouble(e[j]);
                assertThat(x).as("value %d, row %d: %s", j, i, actual.get(i)).isCloseTo(y, org.assertj.core.data.Offset.offset(RELATIVE * Math.abs(y)));
            }
        }
    }

    /** Every number of the history, exactly (Double.toString round-trips). */
    private static List<String> rows(Trainer.Result r) {
        return r.history().stream().map(e -> e.epoch() + " " + e.step() + " " + e.lr() + " " + e.trainLoss() + " "
                + e.trainAccuracy() + " " + e.valLoss() + " " + e.valAccuracy()).toList();
    }

    @Test
    void adamWithDropoutClippingEmaAndValidationIsUnchanged() throws Exception {
        Sequential m = mlp(21);
        Adam adam = Adam.adamW(m.namedParameters(), 0.02, 0.01);
        Trainer<TrainBatch> t = Trainer.classifier(m, adam, LrSchedule.cosine(0.02, 0.001, 16).withWarmup(2), Losses::crossEntropy,
                TrainerConfig.epochs(3).withSeed(13).withGradClipNorm(0.5).withEma(0.8).quiet());
        Trainer.Result r = t.fit(TRAIN, VAL);
        assertHistory(r,
                "0 6 0.01839896131687418 0.9743826488653818 0.5729166666666666 0.9069777925809225 0.75",
                "1 12 0.008646641940846782 0.6206003973881403 0.9479166666666666 0.6173710624376932 0.9791666666666666",
                "2 18 0.001182539836169311 0.48279087245464325 0.9895833333333334 0.45855024456977844 1.0");
        assertClose(weights(m), ADAM_WEIGHTS);
        assertClose(summary(t.ema().stateDict().values()), ADAM_EMA);
    }

    @Test
    void sgdWithEarlyStoppingAndRestoreBestIsUnchanged(@TempDir Path dir) throws Exception {
        Sequential m = mlp(22);
        Sgd sgd = new Sgd(m.namedParameters(), 0.01, 0.9, 0, 1e-3, true);
        Trainer<TrainBatch> t = Trainer.classifier(m, sgd, LrSchedule.stepDecay(0.01, 6, 0.8), Losses::crossEntropy,
                TrainerConfig.epochs(6).withMaxSteps(33).withSeed(14).withEarlyStopping(2, true).withCheckpoints(dir, 5).quiet());
        Trainer.Result r = t.fit(TRAIN, VAL);
        assertHistory(r,
                "0 6 0.01 1.3261436223983765 0.052083333333333336 1.2369373242060344 0.14583333333333334",
                "1 12 0.008 1.1870837012926738 0.17708333333333334 1.1065487464269002 0.3125",
                "2 18 0.006400000000000001 1.083932638168335 0.3645833333333333 1.0077391862869263 0.5833333333333334",
                "3 24 0.005120000000000001 1.0040119290351868 0.5625 0.9351721405982971 0.8125",
                "4 30 0.004096000000000001 0.9344154496987661 0.75 0.8777549465497335 0.8958333333333334",
                "5 33 0.0032768000000000007 0.9112745324770609 0.8125 0.8546979626019796 0.9375");
        assertThat(r.steps()).isEqualTo(33);
        assertThat(r.bestEpoch()).isEqualTo(5);
        assertThat(r.stoppedEarly()).isFalse();
        assertClose(weights(m), SGD_WEIGHTS);
    }

    @Test
    void earlyStoppingWithEmaAndInMemoryRestoreIsUnchanged() throws Exception {
        Sequential m = mlp(23);
        Sgd sgd = new Sgd(m.namedParameters(), 0.3, 0.9, 0, 1e-3, true);
        Trainer<TrainBatch> t = Trainer.classifier(m, sgd, LrSchedule.stepDecay(0.3, 6, 0.5), Losses::crossEntropy,
                TrainerConfig.epochs(6).withSeed(15).withEma(0.5).withEarlyStopping(2, true).quiet());
        Trainer.Result r = t.fit(TRAIN, VAL);
        assertHistory(r,
                "0 6 0.3 0.6741888299584389 0.7604166666666666 0.087812639772892 1.0",
                "1 12 0.15 0.11391955365737279 0.9583333333333334 0.003550529091929396 1.0",
                "2 18 0.075 0.058797402773052454 0.9791666666666666 0.0015816649538464844 1.0");
        assertThat(r.steps()).isEqualTo(18);
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.stoppedEarly()).isTrue();
        // the live weights are the averaged weights of epoch 0 (what validation measured); the average goes on
        assertClose(weights(m), EMA_WEIGHTS);
        assertClose(summary(t.ema().stateDict().values()), EMA_AVERAGE);
    }
}
