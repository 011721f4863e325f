package dev.mamori.methods.genattack.attributes;

import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.train.Checkpoint;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attribute classifier (genattack-gan's judge of what a reconstruction recovered, and its upper bound on encrypted
 * images) is a Trainer step: stopped midway (a kill) and trained again into the same folder, it ends with the weights
 * of an uninterrupted training, byte for byte, including the per-step randomness of its input transform (the fresh
 * keys of encrypted training); a finished training is restored from its checkpoint without a step.
 */
class AttributeClassifierResumeTest {
    private static final int IMAGES = 24, BATCH = 8, EPOCHS = 3, STOP = 4; // 9 steps; the kill falls inside epoch 2

    @Test
    void aTrainingStoppedMidwayContinuesToTheSameWeights(@TempDir Path dir) throws IOException {
        INDArray x = RandomArrays.uniform(new SplittableRandom(5), 0, 1, IMAGES, 3, 8, 8);
        int[][] y = new int[2][IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            y[0][i] = i % 2;
            y[1][i] = i % 3;
        }
        AttributeLabels labels = new AttributeLabels(List.of("a", "b"), List.of(List.of("0", "1"), List.of("0", "1", "2")), y);
        AttributeClassifier.Settings s = new AttributeClassifier.Settings(8, 1, 3, 2, EPOCHS, BATCH, 1e-2, 11);
        int[] transformCalls = new int[1];
        // stands in for fresh-key encryption: noise drawn from the step's generator
        dev.mamori.generative.training.EncoderTrainingStep.InputTransform noisy = (plain, random) -> {
            transformCalls[0]++;
            return plain.add(RandomArrays.uniform(random, -0.1, 0.1, plain.shape()));
        };

        AttributeClassifier straight = AttributeClassifier.train(x, labels, noisy, new long[]{3, 8, 8}, s, every(dir.resolve("straight")));
        assertThat(transformCalls[0]).isEqualTo(9);

        Path killed = dir.resolve("killed");
        transformCalls[0] = 0;
        AttributeClassifier.train(x, labels, noisy, new long[]{3, 8, 8}, s, every(killed), STOP);
        assertThat(Checkpoint.read(killed, Trainer.LAST).position().step()).isEqualTo(STOP);
        AttributeClassifier resumed = AttributeClassifier.train(x, labels, noisy, new long[]{3, 8, 8}, s, every(killed));
        assertThat(transformCalls[0]).as("each step's batch made once").isEqualTo(9);
        assertSameBytes(resumed.network(), straight.network());
        assertThat(resumed.predict(x)).isDeepEqualTo(straight.predict(x));

        transformCalls[0] = 0;
        AttributeClassifier restored = AttributeClassifier.train(x, labels, noisy, new long[]{3, 8, 8}, s, every(killed));
        assertThat(transformCalls[0]).as("a finished training trains no step").isZero();
        assertSameBytes(restored.network(), straight.network());

    }

    private static TrainingCheckpoints every(Path dir) {
        return new TrainingCheckpoints(dir, 0, null);
    }

    private static void assertSameBytes(Module actual, Module expected) {
        Map<String, INDArray> a = StateDicts.of(actual), e = StateDicts.of(expected);
        assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
        e.forEach((k, v) -> assertThat(a.get(k).dup('c').data().asBytes()).as(k).isEqualTo(v.dup('c').data().asBytes()));
    }
}
