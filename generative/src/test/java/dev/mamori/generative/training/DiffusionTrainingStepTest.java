package dev.mamori.generative.training;

import dev.mamori.generative.TinyModels;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DiffusionTrainingStepTest {
    private static final INDArray MOMENTS = RandomArrays.normal(new SplittableRandom(3), 0, 0.5, 12, 8, 4, 4);
    private static final INDArray TABLE = RandomArrays.normal(new SplittableRandom(4), 0, 1, 3, 6, 16);
    private static final INDArray UNCOND = RandomArrays.normal(new SplittableRandom(5), 0, 1, 1, 6, 16);
    private static final int[] CAPTIONS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};

    private static Trainer<CaptionedBatch> trainer(UNet2DConditionModel unet, Path dir, long maxSteps, PredictionType p) {
        DiffusionTrainingStep step = new DiffusionTrainingStep(unet, NoiseSchedule.stableDiffusion(), p, TABLE, UNCOND, 0.3, 0.8, true);
        TrainerConfig c = TrainerConfig.epochs(2).withSeed(9).withEma(0.9, 0.75).withCheckpoints(dir, 0).withMaxSteps(maxSteps).quiet();
        return Trainer.builder(step, c).module(DiffusionTrainingStep.NAME, unet)
                .optimizer(DiffusionTrainingStep.NAME, Adam.adamW(unet.trainableParameters(), 1e-3, 0.01)).build();
    }

    private static UNet2DConditionModel unet() {
        Init.seed(21);
        return TinyModels.unet(16);
    }

    /** Timesteps, noise and condition dropout come from the step context: a run cut after 3 steps and resumed ends bit for bit where an uninterrupted one does. */
    @Test
    void resumesExactly(@TempDir Path a, @TempDir Path b) {
        CaptionedBatchSource source = new CaptionedBatchSource(MOMENTS, CAPTIONS, 4, false);
        UNet2DConditionModel straight = unet();
        trainer(straight, a, Long.MAX_VALUE, PredictionType.EPSILON).fit(source);
        UNet2DConditionModel first = unet();
        trainer(first, b, 3, PredictionType.EPSILON).fit(source);
        UNet2DConditionModel resumed = unet();                       // a fresh process: new weights, everything from the checkpoint
        Trainer<CaptionedBatch> t = trainer(resumed, b, Long.MAX_VALUE, PredictionType.EPSILON);
        Trainer.Result r = t.resume(source);
        assertThat(r.steps()).isEqualTo(6);
        Map<String, INDArray> want = StateDicts.of(straight), got = StateDicts.of(resumed);
        want.forEach((k, v) -> assertThat(got.get(k).equals(v)).as(k).isTrue());
    }

    @Test
    void vPredictionTrainsAndConditionDropoutIsCounted(@TempDir Path dir) {
        Trainer.Result r = trainer(unet(), dir, Long.MAX_VALUE, PredictionType.V_PREDICTION).fit(new CaptionedBatchSource(MOMENTS, CAPTIONS, 12, false));
        assertThat(r.last().metrics()).containsKeys("train_loss", "train_uncond");
        assertThat(r.last().metric("train_loss")).isFinite();
        double dropped = r.history().stream().mapToDouble(e -> e.metric("train_uncond")).average().orElseThrow();
        assertThat(dropped).as("fraction trained without the caption (p = 0.3, 24 draws)").isBetween(0.04, 0.7);
    }
}
