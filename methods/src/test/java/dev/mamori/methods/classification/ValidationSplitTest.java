package dev.mamori.methods.classification;

import dev.mamori.data.Dataset;
import dev.mamori.data.ImageExample;
import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.methods.common.ImageData;
import dev.mamori.nn.train.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluation hygiene: the per-epoch evaluation (and so the best epoch and early stopping) looks at a validation split
 * held out of the training data, and the test split is read exactly once per example, after training.
 */
class ValidationSplitTest {
    private static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Random 28x28 images whose class is drawn into the pixels, so that a small CNN can learn something. */
    private static InMemoryImageDataset images(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(10);
            for (int p = 0; p < 28 * 28; p++) pixels[i * 784 + p] = (byte) (rng.nextInt(64) + (p / 28 / 3 == labels[i] ? 180 : 0));
        }
        return new InMemoryImageDataset(1, 28, 28, pixels, labels, CLASSES);
    }

    /** A dataset that counts how often each example is read. */
    private record Counting(Dataset<ImageExample> inner, AtomicIntegerArray reads) implements Dataset<ImageExample> {
        @Override public int size() { return inner.size(); }
        @Override public ImageExample get(int index) {
            reads.incrementAndGet(index);
            return inner.get(index);
        }
        @Override public List<String> classes() { return inner.classes(); }
    }

    @Test
    void perEpochEvaluationUsesTheValidationSplitAndTheTestSplitIsReadOnce(@TempDir Path dir) {
        Counting test = new Counting(images(120, 2), new AtomicIntegerArray(120));
        ImageData data = new ImageData("synthetic", images(400, 1), test, CLASSES, 1, 28, 28);
        TrainSpec spec = new TrainSpec();
        spec.model = "simple_cnn";
        spec.modelConfig.put("width", 4);
        spec.modelConfig.put("hidden", 16);
        spec.epochs = 3;
        spec.batchSize = 32;
        spec.lr = 0.003;
        spec.validationFraction = 0.1;
        spec.earlyStopping = 5;
        ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, dir, false);

        assertThat(o.validationExamples()).isEqualTo(40);
        assertThat(o.trainExamples()).isEqualTo(360);
        assertThat(o.testTotal()).isEqualTo(120);
        for (EpochRecord e : o.training().history()) assertThat(e.valAccuracy()).as("measured on the validation split").isBetween(0.0, 1.0);
        for (int i = 0; i < 120; i++) assertThat(test.reads().get(i)).as("reads of test example " + i).isEqualTo(1);
    }
}
