package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attacker's training follows the per-dataset settings: its epochs ({@link ModelSpec#epochsOn}) and BadNets' pattern. */
class BackdoorTrainingTest {

    /** 64 random 3x16x16 training images of 3 classes (2 batches of 32 an epoch) under {@code name}. */
    private static DatasetSplits tiny(String name) {
        INDArray train = TestImages.eightBit(1, 64, 3, 16, 16), test = TestImages.eightBit(2, 30, 3, 16, 16);
        int[] trainLabels = IntStream.range(0, 64).map(i -> i % 3).toArray(), testLabels = IntStream.range(0, 30).map(i -> i % 3).toArray();
        return DatasetSplits.split(name, List.of("a", "b", "c"), train, trainLabels, test, testLabels, 6, 0, 0);
    }

    @Test
    void theAttackerTrainsForTheDatasetsOwnEpochsWithItsOwnPatch() {
        ModelSpec m = ModelSpec.cnn();
        m.config.put("width", 4);
        m.config.put("hidden", 8);
        m.batchSize = 32;
        m.epochs = 1;
        m.datasetEpochs.put("emoji-category", 3);
        AttackSpec badnets = AttackSpec.of("badnets");

        BackdoorTraining.Backdoored emoji = BackdoorTraining.train(tiny("emoji-category:size=16"), m, badnets, 0, false);
        assertThat(emoji.epochs()).isEqualTo(3);
        assertThat(emoji.steps()).isEqualTo(3 * 2);
        assertThat(emoji.trigger().describe()).contains("checkerboard");

        BackdoorTraining.Backdoored other = BackdoorTraining.train(tiny("fashion-mnist"), m, badnets, 0, false);
        assertThat(other.epochs()).isEqualTo(1);
        assertThat(other.steps()).isEqualTo(2);
        assertThat(other.trigger().describe()).contains("patch of value 1").doesNotContain("checkerboard");

        // the dataset's learning rate is the one used: one so large that training at it diverges stops the emoji training only
        m.datasetLr.put("emoji-category", 1e9);
        assertThatThrownBy(() -> BackdoorTraining.train(tiny("emoji-category"), m, badnets, 0, false)).isInstanceOf(TrainingDivergedException.class);
        assertThat(BackdoorTraining.train(tiny("fashion-mnist"), m, badnets, 0, false).steps()).isEqualTo(2);
        m.datasetLr.clear();

        // the trojan's clean epochs count within the dataset's budget
        AttackSpec trojan = AttackSpec.of("trojan");
        trojan.trojanSteps = 2;
        trojan.trojanSize = 3;
        m.trojanLayer = "fc1";
        BackdoorTraining.Backdoored t = BackdoorTraining.train(tiny("emoji-category"), m, trojan, 0, false);
        assertThat(t.epochs()).isEqualTo(3);
        assertThat(t.steps()).isEqualTo(3 * 2);
    }
}
