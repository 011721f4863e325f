package dev.mamori.generative.training;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.generative.TinyModels;
import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PromptEncoder;
import dev.mamori.generative.pipelines.TextToImagePipeline;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole latent diffusion training path learns one captioned image: the autoencoder reconstructs it, the UNet's
 * loss falls, and sampling from its caption (DDIM, guidance 1) gives back that image.
 */
class OverfitOneCaptionedImageTest {

    @Test
    void aModelOverfitsOneCaptionedImage() {
        LatentDiffusionModel m = TinyModels.model(11);
        INDArray image = Nd4j.zeros(DataType.FLOAT, 1, 3, 16, 16);
        image.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(0.9);   // red
        image.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 12), org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 12)).assign(0.1);
        INDArray batch = Nd4j.concat(0, image, image, image, image);
        int[] captions = {0, 0, 0, 0};

        // the autoencoder (no perceptual loss, tiny KL)
        CaptionedBatchSource images = new CaptionedBatchSource(batch, captions, 4, false);
        VaeTrainingStep vaeStep = new VaeTrainingStep(m.vae(), null, null, new VaeTrainingStep.Weights(1e-6, 0, 0, 0));
        Trainer<CaptionedBatch> vaeTrainer = Trainer.builder(vaeStep, TrainerConfig.epochs(300).withSeed(1).quiet())
                .module(VaeTrainingStep.VAE, m.vae()).optimizer(VaeTrainingStep.VAE, new Adam(m.vae().trainableParameters(), 3e-3)).build();
        Trainer.Result vr = vaeTrainer.fit(images);
        assertThat(vr.last().metric("train_l1")).as("VAE L1 after training").isLessThan(0.05);
        INDArray moments = LatentEncoding.moments(m.vae(), batch, 4);
        double scale = LatentEncoding.scalingFactor(moments, 1);
        m.vae().setScalingFactor(scale);

        // the UNet on its latents, conditioned on the caption (no dropout: the caption is always there)
        m.textEncoder().eval();
        PromptEncoder prompts = new PromptEncoder(m.tokenizer(), m.textEncoder(), null);
        INDArray table = MemoryScope.outside(() -> prompts.encode(List.of("red square")));
        INDArray uncond = MemoryScope.outside(prompts::unconditional);
        DiffusionTrainingStep step = new DiffusionTrainingStep(m.unet(), m.schedule(), m.prediction(), table, uncond, 0, scale, true);
        Trainer<CaptionedBatch> unetTrainer = Trainer.builder(step, TrainerConfig.epochs(400).withSeed(2).quiet())
                .module(DiffusionTrainingStep.NAME, m.unet()).optimizer(DiffusionTrainingStep.NAME, Adam.adamW(m.unet().trainableParameters(), 2e-3, 0)).build();
        Trainer.Result ur = unetTrainer.fit(new CaptionedBatchSource(moments, captions, 4, false));
        assertThat(ur.last().metric("train_loss")).as("diffusion loss at the end").isLessThan(ur.history().get(0).metric("train_loss") * 0.5);

        INDArray sample = new TextToImagePipeline(m, null, false).generate(List.of("red square"), GenerationOptions.defaults().withSteps(20).withGuidance(1))
                .images();
        double mse = sample.sub(image).mul(sample.sub(image)).meanNumber().doubleValue();
        double psnr = 10 * Math.log10(1 / mse);
        assertThat(psnr).as("PSNR of the sample from the caption against the training image").isGreaterThan(18);
    }
}
