package dev.mamori.methods.attacks;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small CNN trained once per test JVM on 2,000 real Fashion-MNIST training images (the undefended model the
 * attack tests run on), and a fixed batch of test images it classifies. Absent data skips the calling test class,
 * unless MAMORI_REQUIRE_REAL_DATA=1, which turns absence into a failure.
 */
public final class FashionModel {
    private static final boolean REQUIRED = "1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"));
    private static FashionModel instance;
    private Classifier surrogate;

    /** The model: [0, 1] images in (normalization inside), logits out; eval mode. */
    public final Classifier model;
    /** Test images [N, 1, 28, 28] and their labels. */
    public final INDArray images;
    public final int[] labels;
    /** Accuracy on {@link #images}. */
    public final double cleanAccuracy;
    public final Dataset<? extends LabeledImage> test;
    public final List<String> classes;
    public final double trainSeconds;

    private FashionModel(Classifier model, INDArray images, int[] labels, double cleanAccuracy, Dataset<? extends LabeledImage> test,
                         double trainSeconds) {
        this.model = model;
        this.images = images;
        this.labels = labels;
        this.cleanAccuracy = cleanAccuracy;
        this.test = test;
        this.classes = test.classes();
        this.trainSeconds = trainSeconds;
    }

    /** The trained model (trained on first use); skips the caller when Fashion-MNIST is absent. */
    public static synchronized FashionModel get() {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        if (catalog.locate("fashion-mnist").isEmpty()) {
            String how = catalog.dataset("fashion-mnist").manualInstructions(catalog);
            if (REQUIRED) fail("MAMORI_REQUIRE_REAL_DATA=1 but fashion-mnist was not found. " + how);
            assumeTrue(false, "fashion-mnist is not installed; skipping. " + how);
        }
        if (instance == null) instance = train(catalog);
        return instance;
    }

    /** A second model of the same kind, trained from another seed on other images (a transfer-attack surrogate). */
    public synchronized Classifier surrogate() {
        if (surrogate == null) {
            try {
                surrogate = fit(DataCatalog.fromEnvironment().openImages("fashion-mnist", "train").sample(2000, 8), 12);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read fashion-mnist", e);
            }
        }
        return surrogate;
    }

    private static Classifier fit(Dataset<? extends LabeledImage> train, long seed) {
        Init.seed(seed);
        Classifier model = new Normalized(new TinyCnn(), new double[]{0.2860}, new double[]{0.3530});
        Adam adam = new Adam(model.trainableParameters(), 3e-3);
        model.train();
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images(train).batchSize(100).shuffle(true).seed(seed).build()) {
            for (int epoch = 0; epoch < 10; epoch++) {
                for (Batch b : loader) {
                    try (MemoryScope ignored = MemoryScope.open("fashion-train")) {
                        adam.zeroGrad();
                        Losses.crossEntropy(model.call(Tensor.of(b.images())), b.labels()).backward();
                        adam.step();
                    }
                }
            }
        }
        model.eval();
        return model;
    }

    private static FashionModel train(DataCatalog catalog) {
        try {
            long t0 = System.nanoTime();
            Dataset<? extends LabeledImage> train = catalog.openImages("fashion-mnist", "train").sample(2000, 7);
            Dataset<? extends LabeledImage> test = catalog.openImages("fashion-mnist", "test");
            double readSeconds = (System.nanoTime() - t0) / 1e9;
            Classifier model = fit(train, 11);
            double seconds = (System.nanoTime() - t0) / 1e9 - readSeconds;
            Batch batch;
            try (DataLoader<LabeledImage, Batch> loader = DataLoader.images(test.first(200)).batchSize(200).build()) {
                batch = loader.iterator().next();
            }
            int[] pred;
            try (GradMode.Scope off = GradMode.noGrad()) {
                pred = model.call(Tensor.of(batch.images())).value().argMax(1).toIntVector();
            }
            int right = 0;
            for (int i = 0; i < pred.length; i++) if (pred[i] == batch.labels()[i]) right++;
            double accuracy = (double) right / pred.length;
            System.out.printf("FashionModel: data read in %.1f s; TinyCnn trained on 2000 images in %.1f s, clean accuracy %.1f%% on %d test images%n",
                    readSeconds, seconds, 100 * accuracy, pred.length);
            return new FashionModel(model, batch.images(), batch.labels(), accuracy, test, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fashion-mnist", e);
        }
    }

    /** The first n test images of the fixed batch. */
    public INDArray images(int n) {
        return images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).dup();
    }

    public int[] labels(int n) {
        return java.util.Arrays.copyOf(labels, n);
    }
}
