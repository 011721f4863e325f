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

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classifier training gives, bit for bit, what it gave before the training loop became generic over a training step:
 * the expected values below were recorded with the classifier-only Trainer (commit 16840ac) on the reference platform
 * (x86-64, nd4j-native oneDNN build, one ND4J thread). They pin the whole sequence: batch order, dropout masks,
 * schedule, clipping, Adam and SGD updates, EMA, validation with the averaged weights, early stopping and
 * restore-best from the checkpoint. A different BLAS kernel (another CPU family, a GPU backend) may change the last
 * bits of a matrix product; re-record there with that commit's Trainer, never with the code under test.
 */
class ClassifierGoldenTest {
    private static final Blobs TRAIN = new Blobs(1, 96, 3, 16);
    private static final Blobs VAL = new Blobs(2, 48, 3, 16);

    private static Sequential mlp(long seed) {
        Init.seed(seed);
        return new Sequential(new Linear(Blobs.FEATURES, 16), Activation.relu(), new Dropout(0.2), new Linear(16, 3));
    }

    /** SHA-256 of the float bits of arrays, in order. */
    static String sha256(Collection<INDArray> arrays) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (INDArray a : arrays) {
            float[] v = a.dup('c').data().asFloat();
            ByteBuffer buf = ByteBuffer.allocate(4 * v.length);
            for (float f : v) buf.putInt(Float.floatToRawIntBits(f));
            md.update(buf.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String weights(Module m) throws Exception {
        return sha256(m.namedParameters().values().stream().map(Tensor::value).toList());
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
        assertThat(rows(r)).containsExactly(
                "0 6 0.01839896131687418 0.9743826488653818 0.5729166666666666 0.9069777925809225 0.75",
                "1 12 0.008646641940846782 0.6206003973881403 0.9479166666666666 0.6173710624376932 0.9791666666666666",
                "2 18 0.001182539836169311 0.48279087245464325 0.9895833333333334 0.45855024456977844 1.0");
        assertThat(weights(m)).isEqualTo("8978be13b0b00d17d1d5d102a68d4110d8c5f1454894fa0d097e285b449d3fca");
        assertThat(sha256(t.ema().stateDict().values())).isEqualTo("17cbd66a40801861290926eba38850298ac23d444ef3e0fbf1285ad873576d05");
    }

    @Test
    void sgdWithEarlyStoppingAndRestoreBestIsUnchanged(@TempDir Path dir) throws Exception {
        Sequential m = mlp(22);
        Sgd sgd = new Sgd(m.namedParameters(), 0.01, 0.9, 0, 1e-3, true);
        Trainer<TrainBatch> t = Trainer.classifier(m, sgd, LrSchedule.stepDecay(0.01, 6, 0.8), Losses::crossEntropy,
                TrainerConfig.epochs(6).withMaxSteps(33).withSeed(14).withEarlyStopping(2, true).withCheckpoints(dir, 5).quiet());
        Trainer.Result r = t.fit(TRAIN, VAL);
        assertThat(rows(r)).containsExactly(
                "0 6 0.01 1.3261436223983765 0.052083333333333336 1.2369373242060344 0.14583333333333334",
                "1 12 0.008 1.1870837012926738 0.17708333333333334 1.1065487464269002 0.3125",
                "2 18 0.006400000000000001 1.083932638168335 0.3645833333333333 1.0077391862869263 0.5833333333333334",
                "3 24 0.005120000000000001 1.0040119290351868 0.5625 0.9351721405982971 0.8125",
                "4 30 0.004096000000000001 0.9344154496987661 0.75 0.8777549465497335 0.8958333333333334",
                "5 33 0.0032768000000000007 0.9112745324770609 0.8125 0.8546979626019796 0.9375");
        assertThat(r.steps()).isEqualTo(33);
        assertThat(r.bestEpoch()).isEqualTo(5);
        assertThat(r.stoppedEarly()).isFalse();
        assertThat(weights(m)).isEqualTo("b2a5251ab89d500e1eea600f594dd9c805404d9268bbfcd68a20c9ee4362c54a");
    }

    @Test
    void earlyStoppingWithEmaAndInMemoryRestoreIsUnchanged() throws Exception {
        Sequential m = mlp(23);
        Sgd sgd = new Sgd(m.namedParameters(), 0.3, 0.9, 0, 1e-3, true);
        Trainer<TrainBatch> t = Trainer.classifier(m, sgd, LrSchedule.stepDecay(0.3, 6, 0.5), Losses::crossEntropy,
                TrainerConfig.epochs(6).withSeed(15).withEma(0.5).withEarlyStopping(2, true).quiet());
        Trainer.Result r = t.fit(TRAIN, VAL);
        assertThat(rows(r)).containsExactly(
                "0 6 0.3 0.6741888299584389 0.7604166666666666 0.087812639772892 1.0",
                "1 12 0.15 0.11391955365737279 0.9583333333333334 0.003550529091929396 1.0",
                "2 18 0.075 0.058797402773052454 0.9791666666666666 0.0015816649538464844 1.0");
        assertThat(r.steps()).isEqualTo(18);
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.stoppedEarly()).isTrue();
        // the live weights are the averaged weights of epoch 0 (what validation measured); the average goes on
        assertThat(weights(m)).isEqualTo("ead4a5db1f837fdbd095dd4a82436a0fd665e73757da464119d10ece6a4de6a1");
        assertThat(sha256(t.ema().stateDict().values())).isEqualTo("117bd1822b5088d0efc2108bdb4f4d5bebe49cbfd1e936c222761d6f68c3c235");
    }
}
