package dev.mamori.methods.sketch2photo;

import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.generative.training.CaptionedBatch;
import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.DiffusionTrainingStep;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.SkipConnections;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipModel;
import dev.mamori.models.text.WordTokenizer;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge condition's shapes through training and sampling, on tiny models (16x16 images, 4x4x4 latents). */
class SketchConditioningTest {
    private static final List<String> PROMPTS = List.of("red square", "blue circle");

    private static LatentDiffusionModel model(int conditionChannels) {
        Init.seed(5);
        WordTokenizer t = WordTokenizer.fit(PROMPTS, 1, 6);
        ClipModel clip = new ClipModel(new ClipModel.Config(t.vocabSize(), t.contextLength(), 16, 1, 2, 16, 4, 3, 16, 1, 2, 16, 2, "quick_gelu"));
        AutoencoderKL vae = new AutoencoderKL(new AutoencoderKL.Config(3, 3, 16, new int[]{8, 16, 16}, 1, 4, 4, false, 1.0));
        UNet2DConditionModel unet = new UNet2DConditionModel(new UNet2DConditionModel.Config(4 + conditionChannels, 4, 4, new int[]{16, 32},
                new boolean[]{true, true}, 1, 2, 16, 1, 8, 1e-5, false, SkipConnections.EVERY_LAYER));
        return new LatentDiffusionModel(t, clip.textEncoder(), unet, vae, NoiseSchedule.stableDiffusion(), PredictionType.EPSILON);
    }

    /** A square outline on white, [n, 3, 16, 16], offset by {@code shift} pixels. */
    private static INDArray sketches(int n, int shift) {
        INDArray s = Nd4j.ones(n, 3, 16, 16);
        s.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3 + shift, 13), NDArrayIndex.interval(3 + shift, 13)).assign(0);
        s.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4 + shift, 12), NDArrayIndex.interval(4 + shift, 12)).assign(1);
        return s;
    }

    @Test
    void conditionsHaveTheLatentShapeAndJoinTheMoments() {
        INDArray c = EdgeCondition.standardized(sketches(2, 0), EdgeStandardizer.defaults(), 4);
        assertThat(c.shape()).containsExactly(2, 1, 4, 4);
        assertThat(c.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(c.maxNumber().doubleValue()).isLessThanOrEqualTo(1).isGreaterThan(0);
        assertThat(EdgeCondition.raw(sketches(2, 0), 4).shape()).containsExactly(2, 1, 4, 4);
        INDArray moments = RandomArrays.normal(new SplittableRandom(1), 0, 1, 2, 8, 4, 4);
        assertThat(EdgeCondition.withMoments(moments, c).shape()).containsExactly(2, 9, 4, 4);
        assertThatThrownBy(() -> EdgeCondition.downsample(Nd4j.ones(1, 1, 16, 16), 5)).hasMessageContaining("cannot be averaged down");
    }

    /** The diffusion step on the existing trainer takes [moments; edge] inputs and trains the edge channel of conv_in. */
    @Test
    void theTrainingStepLearnsThroughTheEdgeChannel() {
        LatentDiffusionModel m = model(1);
        UNet2DConditionModel unet = m.unet();
        INDArray images = RandomArrays.uniform(new SplittableRandom(2), 0, 1, 4, 3, 16, 16).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray moments = dev.mamori.generative.training.LatentEncoding.moments(m.vae(), images, 4);
        INDArray inputs = EdgeCondition.withMoments(moments, EdgeCondition.standardized(images, EdgeStandardizer.defaults(), 4));
        INDArray table = RandomArrays.normal(new SplittableRandom(4), 0, 1, 2, 6, 16), uncond = RandomArrays.normal(new SplittableRandom(5), 0, 1, 1, 6, 16);
        DiffusionTrainingStep step = new DiffusionTrainingStep(unet, m.schedule(), m.prediction(), table, uncond, 0.1, 1.0, true, EdgeCondition.CHANNELS);
        INDArray before = unet.convIn.weight.value().get(NDArrayIndex.all(), NDArrayIndex.point(4)).dup();
        Trainer<CaptionedBatch> t = Trainer.builder(step, TrainerConfig.epochs(1).withSeed(3).quiet()).module(DiffusionTrainingStep.NAME, unet)
                .optimizer(DiffusionTrainingStep.NAME, Adam.adamW(unet.trainableParameters(), 1e-3, 0.01)).build();
        Trainer.Result r = t.fit(new CaptionedBatchSource(inputs, new int[]{0, 1, 0, 1}, 2, false));
        assertThat(r.steps()).isEqualTo(2);
        assertThat(r.last().metric("train_loss")).isFinite();
        INDArray after = unet.convIn.weight.value().get(NDArrayIndex.all(), NDArrayIndex.point(4));
        assertThat(after.equalsWithEps(before, 1e-9)).as("conv_in's edge-channel weights were updated").isFalse();
        // inputs without the edge channel are a clear error, not a silent mis-slice
        assertThatThrownBy(() -> step.run(new CaptionedBatch(moments, new int[]{0, 1, 0, 1}), null)).hasMessageContaining("condition channels");
    }

    @Test
    void sketchAndPromptGiveOneImageEachAndTheSketchMatters() {
        SketchToPhotoPipeline p = new SketchToPhotoPipeline(model(1), EdgeStandardizer.defaults(), null);
        GenerationOptions o = GenerationOptions.defaults().withSteps(4).withGuidance(2).withSeed(1);
        INDArray a = p.generate(sketches(2, 0), PROMPTS, o).images();
        assertThat(a.shape()).containsExactly(2, 3, 16, 16);
        INDArray b = p.generate(sketches(2, 2), PROMPTS, o).images();
        assertThat(a.equalsWithEps(b, 1e-6)).as("another sketch, same noise: another image").isFalse();
        SketchToPhotoPipeline raw = new SketchToPhotoPipeline(model(1), null, null);
        assertThat(raw.generate(sketches(2, 0), PROMPTS, o).images().shape()).containsExactly(2, 3, 16, 16);
    }

    @Test
    void aSketchOfTheWrongSizeIsAClearError() {
        SketchToPhotoPipeline p = new SketchToPhotoPipeline(model(1), EdgeStandardizer.defaults(), null);
        GenerationOptions o = GenerationOptions.defaults().withSteps(2);
        assertThatThrownBy(() -> p.generate(Nd4j.ones(2, 3, 32, 32), PROMPTS, o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[N, 3, 16, 16]").hasMessageContaining("[2, 3, 32, 32]");
        assertThatThrownBy(() -> p.generate(Nd4j.ones(2, 1, 16, 16), PROMPTS, o)).hasMessageContaining("RGB");
        assertThatThrownBy(() -> p.generate(sketches(1, 0), PROMPTS, o)).hasMessageContaining("1 sketches for 2 prompts");
        assertThatThrownBy(() -> new SketchToPhotoPipeline(model(0), EdgeStandardizer.defaults(), null)).hasMessageContaining("edge channel");
    }
}
