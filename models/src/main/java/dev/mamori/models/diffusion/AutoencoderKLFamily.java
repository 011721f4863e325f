package dev.mamori.models.diffusion;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/**
 * The {@code vae_kl} family: {@link AutoencoderKL} configurations. {@code vae_kl_emoji_32} maps 32x32 RGB images to
 * 4x8x8 latents (the latent diffusion model Mamori trains on emoji); its scaling factor is 1 until measured on data.
 */
public final class AutoencoderKLFamily extends ModelFamily<AutoencoderKL.Config, AutoencoderKL> {

    /** The default autoencoder: 32x32x3 to 8x8x4. */
    public static AutoencoderKL.Config emoji() {
        return new AutoencoderKL.Config(3, 3, 32, new int[]{16, 32, 64}, 1, 4, 8, true, 1.0);
    }

    public AutoencoderKLFamily() {
        super("vae_kl", ModelKind.DIFFUSION, AutoencoderKL.class, AutoencoderKL.Config.class, emoji());
        register("vae_kl_emoji_32", emoji(), "KL autoencoder 32x32x3 -> 8x8x4 for the emoji latent diffusion model");
    }

    @Override
    public AutoencoderKL create(AutoencoderKL.Config config) {
        return new AutoencoderKL(config);
    }

    @Override
    public AutoencoderKL.Config configOf(AutoencoderKL model) {
        return model.config();
    }

    @Override
    public Preprocessing preprocessing(AutoencoderKL.Config c) {
        return Preprocessing.image(c.inChannels(), c.sampleSize(), false);
    }
}
