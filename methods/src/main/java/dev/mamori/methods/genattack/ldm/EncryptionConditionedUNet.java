package dev.mamori.methods.genattack.ldm;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.Module;

/**
 * The latent-diffusion attack's trainable part: the denoising UNet and the {@link EncryptedImageConditioner} whose
 * tokens it cross-attends to, held as one module so that the trainer's one optimizer (under
 * {@link dev.mamori.generative.training.DiffusionTrainingStep#NAME}) steps both and one checkpoint holds both.
 */
public final class EncryptionConditionedUNet extends Module {
    public final UNet2DConditionModel unet;
    public final EncryptedImageConditioner conditioner;

    public EncryptionConditionedUNet(UNet2DConditionModel unet, EncryptedImageConditioner conditioner) {
        if (unet.config.crossAttentionDim() != conditioner.config.width()) {
            throw new IllegalArgumentException("the UNet cross-attends to " + unet.config.crossAttentionDim() + "-wide tokens but the conditioner makes "
                    + conditioner.config.width());
        }
        this.unet = register("unet", unet);
        this.conditioner = register("conditioner", conditioner);
    }

    /** The UNet's prediction for noisy latents [B, C, h, w] at timesteps [B] given encrypted images [B, C', H', W']. */
    public Tensor predict(Tensor noisyLatents, long[] timesteps, Tensor encrypted) {
        return unet.call(noisyLatents, timesteps, conditioner.call(encrypted));
    }

    @Override
    protected Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("call predict(latents, timesteps, encrypted): the UNet takes three inputs");
    }
}
