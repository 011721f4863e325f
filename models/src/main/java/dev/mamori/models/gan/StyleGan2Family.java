package dev.mamori.models.gan;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/**
 * The {@code stylegan2} family (kind GAN). {@code stylegan2_bench_32} is exactly the benchmark suite's StyleGAN2-lite
 * (G 946,548 + D 870,433 parameters); {@code stylegan2_emoji_32} and {@code stylegan2_emoji_64} are the smaller ones
 * trained here on emoji-faces and emoji-category, sized for about an hour on two CPU cores.
 */
public final class StyleGan2Family extends ModelFamily<StyleGanConfig, StyleGan2> {

    /** The benchmark suite's {@code stylegan} case, 32x32 RGB. */
    public static StyleGanConfig bench() {
        return new StyleGanConfig(32, 3, 128, 128, 4, new int[]{128, 128, 64, 32}, new int[]{32, 64, 128, 128}, 0.995);
    }

    /** The emoji model at 32x32. */
    public static StyleGanConfig emoji32() {
        return new StyleGanConfig(32, 3, 64, 64, 2, new int[]{64, 64, 32, 16}, new int[]{16, 32, 64, 64}, 0.995);
    }

    /** The emoji model at 64x64 (the option of the 32x32 one). */
    public static StyleGanConfig emoji64() {
        return new StyleGanConfig(64, 3, 64, 64, 2, new int[]{64, 64, 32, 16, 16}, new int[]{16, 16, 32, 64, 64}, 0.995);
    }

    public StyleGan2Family() {
        super("stylegan2", ModelKind.GAN, StyleGan2.class, StyleGanConfig.class, emoji32());
        register("stylegan2_bench_32", bench(), "StyleGAN2-lite of the benchmark suite (mapping 4x128, 32x32 RGB), with its ResNet discriminator",
                null, 1_816_981);
        register("stylegan2_emoji_32", emoji32(), "StyleGAN2 generator and ResNet discriminator for 32x32 emoji");
        register("stylegan2_emoji_64", emoji64(), "StyleGAN2 generator and ResNet discriminator for 64x64 emoji");
    }

    @Override
    public StyleGan2 create(StyleGanConfig config) {
        return new StyleGan2(config);
    }

    @Override
    public StyleGanConfig configOf(StyleGan2 model) {
        return model.config();
    }

    @Override
    public Preprocessing preprocessing(StyleGanConfig c) {
        return Preprocessing.image(c.imageChannels(), c.resolution(), true);
    }
}
