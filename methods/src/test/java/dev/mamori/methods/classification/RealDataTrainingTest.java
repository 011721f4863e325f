package dev.mamori.methods.classification;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.ImageData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration: the whole training path (catalog, loader, augmentation, model from the registry, AdamW + one-cycle,
 * trainer with checkpoints, evaluation, saved model file) on a 2,000-image subset of the real Fashion-MNIST must learn
 * far above chance (10%). CI installs the Debian package and sets MAMORI_REQUIRE_REAL_DATA=1, so there the data
 * being absent is a failure, not a skip.
 */
class RealDataTrainingTest {

    @Test
    void smallConvNetLearnsFashionMnistSubset(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("fashion-mnist").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        }
        TrainSpec spec = new TrainSpec();
        spec.model = "simple_cnn";
        spec.modelConfig.put("width", 16);
        spec.modelConfig.put("hidden", 64);
        spec.epochs = 3;
        spec.batchSize = 64;
        spec.lr = 0.003;
        spec.seed = 1;
        ImageData data = ImageData.open("fashion-mnist", 2000, 1000, spec.seed, System.err);
        ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, dir, false);

        assertThat(o.testTotal()).isEqualTo(1000);
        assertThat(o.testAccuracy()).as("test accuracy on 1,000 real images").isGreaterThan(0.6);
        assertThat(o.training().history()).hasSize(3);
        assertThat(Files.exists(dir.resolve("model.safetensors"))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).hasSize(3);

        // the saved model file rebuilds the same classifier
        SavedClassifier.Loaded loaded = SavedClassifier.load(dir.resolve("model.safetensors"));
        assertThat(loaded.info().classes()).hasSize(10);
        assertThat(loaded.model().parameterCount()).isEqualTo(o.model().parameterCount());
    }

    @Test
    void colourEmojiTrainWithTheHeadSizedToTheDataset(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("emoji-category").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "the emoji packages are not installed (.ci/install-data)");
        }
        TrainSpec spec = new TrainSpec();
        spec.model = "simple_cnn"; // a 10-class registry model: the head follows the dataset's 9 categories
        spec.modelConfig.put("inChannels", 3);
        spec.modelConfig.put("imageSize", 32);
        spec.modelConfig.put("width", 16);
        spec.modelConfig.put("hidden", 64);
        spec.dataset = "emoji-category:split=vendor";
        spec.epochs = 3;
        spec.batchSize = 64;
        spec.lr = 0.003;
        spec.seed = 1;
        ImageData data = ImageData.open(spec.dataset, 0, 0, spec.seed, System.err);
        assertThat(data.channels()).isEqualTo(3);
        assertThat(data.height()).isEqualTo(32);
        assertThat(data.classes()).hasSize(9);
        ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, dir, false);
        System.out.printf("simple_cnn on emoji-category (train google, test twitter): top-1 %.3f, balanced %.3f%n",
                o.testAccuracy(), o.balancedAccuracy().value());
        // chance is 1/9 balanced; 9 classes from another vendor's drawings
        assertThat(o.balancedAccuracy().value()).as("balanced accuracy on Twitter's drawings").isGreaterThan(0.25);
        SavedClassifier.Loaded loaded = SavedClassifier.load(dir.resolve("model.safetensors"));
        assertThat(loaded.info().classes()).hasSize(9).contains("Flags");
        assertThat(loaded.model().parameterCount()).isEqualTo(o.model().parameterCount());
    }
}
