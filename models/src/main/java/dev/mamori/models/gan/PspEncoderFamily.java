package dev.mamori.models.gan;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/**
 * The {@code psp_encoder} family (kind GAN): {@link PspEncoder}s into the W+ space of a StyleGAN2.
 * {@code psp_encoder_emoji_32} fits {@code stylegan2_emoji_32} on 32x32 RGB inputs (plain or block-wise encrypted).
 */
public final class PspEncoderFamily extends ModelFamily<PspEncoder.Config, PspEncoder> {

    public static PspEncoder.Config emoji32() {
        return PspEncoder.Config.forGenerator(StyleGan2Family.emoji32(), 32);
    }

    public PspEncoderFamily() {
        super("psp_encoder", ModelKind.GAN, PspEncoder.class, PspEncoder.Config.class, emoji32());
        register("psp_encoder_emoji_32", emoji32(), "pSp-style encoder of 32x32 RGB images into the W+ of stylegan2_emoji_32");
    }

    @Override
    public PspEncoder create(PspEncoder.Config config) {
        return new PspEncoder(config);
    }

    @Override
    public PspEncoder.Config configOf(PspEncoder model) {
        return model.config();
    }

    @Override
    public Preprocessing preprocessing(PspEncoder.Config c) {
        return new Preprocessing(new int[]{c.inChannels(), c.inHeight(), c.inWidth()}, true, null);
    }
}
