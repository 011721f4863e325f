package dev.mamori.generative.training;

import dev.mamori.generative.TinyModels;
import dev.mamori.models.gan.StyleGan2;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StyleGanTrainingStepTest {
    private static final INDArray IMAGES = RandomArrays.uniform(new SplittableRandom(1), 0, 1, 8, 3, 16, 16);
    private static final int[] LABELS = new int[8];

    private static Trainer<CaptionedBatch> trainer(StyleGan2 gan, Path dir, long maxSteps) {
        StyleGanTrainingStep step = new StyleGanTrainingStep(gan.generator, gan.discriminator, new StyleGanTrainingStep.Options(1.0, 2, 0.9, 1e-3));
        TrainerConfig c = TrainerConfig.epochs(2).withSeed(5).withEma(0.9).withCheckpoints(dir, 0).withMaxSteps(maxSteps).quiet();
        return Trainer.builder(step, c)
                .module(StyleGanTrainingStep.GENERATOR, gan.generator).module(StyleGanTrainingStep.DISCRIMINATOR, gan.discriminator)
                .optimizer(StyleGanTrainingStep.G, new Adam(gan.generator.trainableParameters(), 2e-3, 0, 0.99, 1e-8, 0, false))
                .optimizer(StyleGanTrainingStep.D, new Adam(gan.discriminator.trainableParameters(), 2e-3, 0, 0.99, 1e-8, 0, false))
                .emaOf(StyleGanTrainingStep.GENERATOR).build();
    }

    private static StyleGan2 gan() {
        Init.seed(3);
        return TinyModels.styleGan(16);
    }

    @Test
    void trainsBothNetworksWithLazyR1AndTracksTheMeanLatent(@TempDir Path dir) {
        StyleGan2 gan = gan();
        Map<String, INDArray> before = new java.util.HashMap<>();
        dev.mamori.nn.StateDicts.of(gan).forEach((k, v) -> before.put(k, v.dup()));
        Trainer<CaptionedBatch> t = trainer(gan, dir, Long.MAX_VALUE);
        Trainer.Result r = t.fit(new CaptionedBatchSource(IMAGES, LABELS, 4, false));
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.last().metrics()).containsKeys("train_d_loss", "train_g_loss", "train_r1", "train_d_real", "train_d_fake");
        r.last().metrics().values().forEach(v -> assertThat(v).isFinite());
        assertThat(r.last().metric("train_r1")).isPositive();
        Map<String, INDArray> after = dev.mamori.nn.StateDicts.of(gan);
        assertThat(after.get("generator.synthesis.blocks.1.conv0.weight").equals(before.get("generator.synthesis.blocks.1.conv0.weight"))).isFalse();
        assertThat(after.get("discriminator.fc.weight").equals(before.get("discriminator.fc.weight"))).isFalse();
        assertThat(gan.generator.mapping.averageW().norm2Number().doubleValue()).isPositive();
        assertThat(t.ema(StyleGanTrainingStep.GENERATOR).updates()).isEqualTo(4);
        assertThat(gan.discriminator.trainableParameters()).hasSameSizeAs(gan.discriminator.namedParameters());
    }

    /** Latents, noise, style mixing draws and crossovers come from the step context: a resumed run ends bit for bit. */
    @Test
    void resumesExactly(@TempDir Path a, @TempDir Path b) {
        CaptionedBatchSource source = new CaptionedBatchSource(IMAGES, LABELS, 4, false);
        StyleGan2 straight = gan();
        trainer(straight, a, Long.MAX_VALUE).fit(source);
        trainer(gan(), b, 3).fit(source);
        StyleGan2 resumed = gan();
        trainer(resumed, b, Long.MAX_VALUE).resume(source);
        Map<String, INDArray> want = dev.mamori.nn.StateDicts.of(straight), got = dev.mamori.nn.StateDicts.of(resumed);
        want.forEach((k, v) -> assertThat(got.get(k).equals(v)).as(k).isTrue());
    }

    @Test
    void imagesOfAnotherSizeAreAClearError(@TempDir Path dir) {
        INDArray wrong = RandomArrays.uniform(new SplittableRandom(1), 0, 1, 4, 3, 32, 32);
        assertThatThrownBy(() -> trainer(gan(), dir, 1).fit(new CaptionedBatchSource(wrong, new int[4], 4, false)))
                .hasMessageContaining("built for 3x16x16");
    }
}
