package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/**
 * A StyleGAN2 pair as one model file: {@code generator} ({@link Generator}) and {@code discriminator}
 * ({@link ResNetDiscriminator}), trained together by the GAN training step of the generative module. The parameter count
 * is the two together, as the benchmark suite's {@code stylegan} case counts it.
 */
public final class StyleGan2 extends Module {
    private final StyleGanConfig config;
    public final Generator generator;
    public final ResNetDiscriminator discriminator;

    public StyleGan2(StyleGanConfig config) {
        this.config = config;
        this.generator = register("generator", new Generator(config));
        this.discriminator = register("discriminator", new ResNetDiscriminator(config));
    }

    /**
     * The pair's image input is the discriminator's: images [B, C, R, R] -> realness logits [B, 1] (what the model
     * registry runs on every model's input); images come from {@code generator}.
     */
    @Override
    protected Tensor forward(Tensor images) {
        return discriminator.call(images);
    }

    public StyleGanConfig config() {
        return config;
    }
}
