package dev.mamori.methods.keydefense;

import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.Evaluation;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A keyed tiny ViT trained briefly from scratch on 2,000 real Fashion-MNIST training images classifies transformed
 * test images far better than the same model given a wrong key. Skipped when the dataset is absent, unless
 * MAMORI_REQUIRE_REAL_DATA=1. Negative/positive is used: on smooth images a wrong shuffling key inside 4 x 4 blocks
 * costs a weak model little (measured: 50.5% right key vs 48.2% wrong key after 3 epochs), whereas a wrong
 * negative/positive mask inverts half of the pixels differently.
 */
class FashionMnistKeyedTrainingTest {
    private static int ompThreads;

    /** One OpenMP thread: on a shared two-core machine, two spinning threads made this training up to 7x slower. */
    @BeforeAll
    static void singleThreaded() {
        dev.mamori.autograd.Backend.ensureConfigured();
        org.nd4j.linalg.factory.Nd4j.create(1); // loads the native backend before its threads are set
        ompThreads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    @AfterAll
    static void restoreThreads() {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(ompThreads);
    }

    @SuppressWarnings("unchecked")
    static InMemoryBatchSource load(String split, int n, long seed, int batchSize, boolean shuffle) throws IOException {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        boolean present = catalog.locate("fashion-mnist").isPresent();
        if (!present && "1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            throw new IllegalStateException("MAMORI_REQUIRE_REAL_DATA=1 but fashion-mnist is not in " + catalog.roots());
        }
        assumeTrue(present, "fashion-mnist is not installed (apt-get install dataset-fashion-mnist, or see `mamori data`)");
        Dataset<? extends LabeledImage> ds = catalog.openImages("fashion-mnist", split).sample(n, seed);
        DataLoader<LabeledImage, dev.mamori.data.Batch> loader = DataLoader.images((Dataset<LabeledImage>) ds).batchSize(250).shuffle(false).build();
        return InMemoryBatchSource.collect(loader.epoch(0), batchSize, shuffle);
    }

    @Test
    void rightKeyFarOutperformsWrongKey() throws IOException {
        InMemoryBatchSource train = load("train", 2000, 1, 32, true);
        InMemoryBatchSource test = load("test", 1000, 2, 250, false);
        assertThat(train.examples()).isEqualTo(2000);

        SecretKey key = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 11);
        SecretKey wrong = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 12);
        KeyedClassifier keyed = new KeyedClassifier(key, KeyedModels.tinyVit(3));
        int epochs = 2;
        Trainer.classifier(keyed, Adam.adamW(keyed.trainableParameters(), 3e-3, 0.05), LrSchedule.cosine(3e-3, 0, epochs * train.batchesPerEpoch()),
                Losses::crossEntropy, TrainerConfig.epochs(epochs).withSeed(5).quiet()).fit(train, null);

        double right = Evaluation.run(keyed, test, Losses::crossEntropy).accuracy();
        double wrongKey = Evaluation.run(new KeyedClassifier(wrong, keyed.model), test, Losses::crossEntropy).accuracy();
        // measured: 53.3% with the right key, 9.8% with the wrong one (chance is 10%)
        assertThat(right).isGreaterThan(0.40);
        assertThat(right - wrongKey).isGreaterThan(0.25);
    }
}
