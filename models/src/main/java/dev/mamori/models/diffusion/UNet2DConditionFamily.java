package dev.mamori.models.diffusion;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/**
 * The {@code unet} family: {@link UNet2DConditionModel} configurations. {@code unet_bench_16} is exactly the
 * benchmark suite's {@code unet} case; {@code unet_emoji_8} is the denoiser Mamori trains on the emoji captions
 * (latents 4x8x8 of 32x32 images, context of the {@code clip_emoji_32} text tower), sized so that the default
 * training fits in about half an hour on two CPU cores; the family name builds it too.
 */
public final class UNet2DConditionFamily extends ModelFamily<UNet2DConditionModel.Config, UNet2DConditionModel> {

    /** The default denoiser for 8x8 latents. */
    public static UNet2DConditionModel.Config emoji() {
        return new UNet2DConditionModel.Config(4, 4, 8, new int[]{32, 64}, new boolean[]{true, true}, 1, 4, 128, 1, 16, 1e-5,
                false, SkipConnections.EVERY_LAYER);
    }

    public UNet2DConditionFamily() {
        super("unet", ModelKind.DIFFUSION, UNet2DConditionModel.class, UNet2DConditionModel.Config.class, emoji());
        register("unet_bench_16", UNet2DConditionModel.Config.benchmark(),
                "the benchmark suite's text-conditioned UNet (16x16x4 latents, levels 64/128, context 64)", null, 3_008_836);
        register("unet_emoji_8", emoji(), "text-conditioned UNet for 8x8x4 latents of 32x32 emoji (levels 32/64, attention at both, context 128)");
    }

    @Override
    public UNet2DConditionModel create(UNet2DConditionModel.Config config) {
        return new UNet2DConditionModel(config);
    }

    @Override
    public UNet2DConditionModel.Config configOf(UNet2DConditionModel model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(UNet2DConditionModel.Config c) {
        return Preprocessing.image(c.inChannels(), c.sampleSize(), false);
    }
}
