package dev.mamori.methods.encryption.attacks;

import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.translation.TranslationUNet;
import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.train.Checkpoint;
import dev.mamori.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two trainings of the encryption attacks that used to have no checkpoints, the U-Net baseline's
 * ({@link ReconstructionTraining}) and the patch matcher's ({@link PatchMatcher#fit}): stopped after k steps (with the
 * checkpoint a kill leaves) and continued by a fresh model from another initialization, they end with the bytes of an
 * uninterrupted training - the weights and the optimizer's moments come from the checkpoint, the batches of the
 * remaining steps (and, for the U-Net, the keys drawn inside them) are drawn from the step, and those before it are
 * not drawn again; a finished training is restored from its checkpoint without drawing anything.
 */
class AttackTrainingResumeTest {
    private static final int STEPS = 12, STOP = 5;

    @Test
    void aUNetTrainingStoppedMidwayContinuesToTheSameWeights(@TempDir Path dir) throws IOException {
        ReconstructionTraining.Settings settings = new ReconstructionTraining.Settings(STEPS, 3, 0.01, 1e-4, 7);
        List<Long> straightDraws = new ArrayList<>();
        Module straight = unet(3);
        ReconstructionTraining.Outcome whole = ReconstructionTraining.fit(straight, recorded(straightDraws), settings, every(dir.resolve("straight")));
        assertThat(straightDraws).containsExactlyElementsOf(range(0, STEPS));

        Path checkpoints = dir.resolve("killed");
        List<Long> draws = new ArrayList<>();
        ReconstructionTraining.fit(unet(3), recorded(draws), settings, every(checkpoints), STOP);
        assertThat(Checkpoint.read(checkpoints, Trainer.LAST).position().step()).isEqualTo(STOP);
        Module resumed = unet(4); // another initialization: every weight must come from the checkpoint
        ReconstructionTraining.Outcome continued = ReconstructionTraining.fit(resumed, recorded(draws), settings, every(checkpoints));

        assertThat(draws).as("each step's pairs drawn once, in order").containsExactlyElementsOf(range(0, STEPS));
        assertSameBytes(resumed, straight);
        assertThat(continued.finalLoss()).isEqualTo(whole.finalLoss()).isFinite();
        assertThat(continued.steps()).isEqualTo(STEPS);

        List<Long> none = new ArrayList<>();
        Module restored = unet(5);
        ReconstructionTraining.Outcome again = ReconstructionTraining.fit(restored, recorded(none), settings, every(checkpoints));
        assertThat(none).as("a finished training draws nothing").isEmpty();
        assertSameBytes(restored, straight);
        assertThat(again.finalLoss()).isEqualTo(whole.finalLoss());
    }

    @Test
    void aPatchMatcherTrainingStoppedMidwayContinuesToTheSameWeights(@TempDir Path dir) throws IOException {
        float[] patches = features(240, 1), tokens = features(240, 2);
        for (int i = 0; i < tokens.length; i++) tokens[i] += 0.5f * patches[i]; // related, as a patch and its token are
        PatchMatcher straight = PatchMatcher.create(8, 4, 11);
        PatchMatcher.Training whole = straight.fit(patches, tokens, STEPS, 16, 0.01, 13, every(dir.resolve("straight")));

        Path checkpoints = dir.resolve("killed");
        PatchMatcher.create(8, 4, 11).fit(patches, tokens, STEPS, 16, 0.01, 13, every(checkpoints), STOP);
        assertThat(Checkpoint.read(checkpoints, Trainer.LAST).position().step()).isEqualTo(STOP);
        PatchMatcher resumed = PatchMatcher.create(8, 4, 99);
        PatchMatcher.Training continued = resumed.fit(patches, tokens, STEPS, 16, 0.01, 13, every(checkpoints));

        assertSameBytes(resumed, straight);
        assertThat(continued.finalLoss()).isEqualTo(whole.finalLoss()).isFinite();
        assertThat(continued.heldOutPairAccuracy()).isEqualTo(whole.heldOutPairAccuracy());
        assertThat(continued.steps()).isEqualTo(STEPS);
        assertThat(resumed.embedTokens(tokens, 240)).containsExactly(straight.embedTokens(tokens, 240));
    }

    /** Checkpoints into {@code dir} after every step (any positive time has passed), silent. */
    private static TrainingCheckpoints every(Path dir) {
        return new TrainingCheckpoints(dir, 1e-9, null);
    }

    private static Module unet(long initSeed) {
        Init.seed(initSeed);
        return ModelRegistry.create("translation_unet", Map.of("inChannels", 1, "outChannels", 1, "baseChannels", 2, "depth", 1, "imageSize", 8),
                TranslationUNet.class);
    }

    /** Pairs of a step drawn from the step (inputs, and targets a fixed map of them); the steps drawn are recorded. */
    private static ReconstructionTraining.PairSource recorded(List<Long> draws) {
        return step -> {
            draws.add(step);
            INDArray x = TestImages.uniform(Stochastic.mix(21, step), DataType.FLOAT, 3, 1, 8, 8);
            return new ReconstructionTraining.Pairs(x, x.rsub(1));
        };
    }

    private static float[] features(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[rows * MomentFeatures.COUNT];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
        return f;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static void assertSameBytes(Module actual, Module expected) {
        Map<String, INDArray> a = StateDicts.of(actual), e = StateDicts.of(expected);
        assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
        e.forEach((k, v) -> assertThat(a.get(k).dup('c').data().asBytes()).as(k).isEqualTo(v.dup('c').data().asBytes()));
    }
}
