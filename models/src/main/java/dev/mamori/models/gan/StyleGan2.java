package dev.mamori.models.gan;

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

    public StyleGanConfig config() {
        return config;
    }
}
