package dev.mamori.generative.pipelines;

import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipTextModel;
import dev.mamori.models.text.WordTokenizer;

/**
 * The parts of a text-to-image latent diffusion model (Rombach et al. 2022, arXiv 2112.10752), as a diffusers pipeline
 * folder holds them: the tokenizer and text encoder, the denoising UNet, the KL autoencoder (with its latent scaling
 * factor), and the forward process the UNet was trained on with what it predicts. Pipelines take one of these and a
 * sampler; they own no weights.
 */
public record LatentDiffusionModel(WordTokenizer tokenizer, ClipTextModel textEncoder, UNet2DConditionModel unet, AutoencoderKL vae,
                                   NoiseSchedule schedule, PredictionType prediction) {
    public LatentDiffusionModel {
        if (tokenizer == null || textEncoder == null || unet == null || vae == null || schedule == null || prediction == null) {
            throw new IllegalArgumentException("a latent diffusion model needs a tokenizer, text encoder, UNet, VAE, schedule and prediction type");
        }
        if (unet.config.crossAttentionDim() != textEncoder.config().width()) {
            throw new IllegalArgumentException("the UNet cross-attends to " + unet.config.crossAttentionDim() + "-wide states but the text encoder gives "
                    + textEncoder.config().width());
        }
        if (unet.config.inChannels() < vae.config().latentChannels() || unet.config.outChannels() != vae.config().latentChannels()) {
            throw new IllegalArgumentException("the UNet takes " + unet.config.inChannels() + " channels and gives " + unet.config.outChannels()
                    + " but the VAE's latents have " + vae.config().latentChannels() + " (extra input channels are a spatial condition)");
        }
        if (tokenizer.contextLength() != textEncoder.config().contextLength() || tokenizer.vocabSize() > textEncoder.config().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer (context " + tokenizer.contextLength() + ", " + tokenizer.vocabSize()
                    + " tokens) does not fit the text encoder (context " + textEncoder.config().contextLength() + ", " + textEncoder.config().vocabSize() + ")");
        }
    }

    /** Every network in evaluation mode. */
    public LatentDiffusionModel eval() {
        textEncoder.eval();
        unet.eval();
        vae.eval();
        return this;
    }

    /** Channels of the spatial condition the UNet takes beside the latents (0 for a text-only model). */
    public int conditionChannels() {
        return unet.config.inChannels() - vae.config().latentChannels();
    }

    /** The latent shape [C, h, w] of one image of the VAE's sample size. */
    public long[] latentShape() {
        int s = vae.config().sampleSize() / vae.config().downsampling();
        return new long[]{vae.config().latentChannels(), s, s};
    }
}
