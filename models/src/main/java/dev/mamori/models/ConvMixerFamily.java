package dev.mamori.models;

import static dev.mamori.models.Normalization.IMAGENET_DEFAULT;

/**
 * The {@code convmixer} family: {@link ConvMixer} configurations with timm's names (ImageNet ones with timm's default
 * ImageNet normalization). Global average pooling lets it take any input size its patch size divides.
 */
public final class ConvMixerFamily extends ModelFamily<ConvMixer.Config, ConvMixer> {

    public ConvMixerFamily() {
        super("convmixer", ModelKind.CLASSIFICATION, ConvMixer.class, ConvMixer.Config.class,
                new ConvMixer.Config(768, 32, 7, 7, 3, 1000, 224, "relu"));
        register("convmixer_768_32", new ConvMixer.Config(768, 32, 7, 7, 3, 1000, 224, "relu"), "ConvMixer-768/32 (timm, ReLU)",
                IMAGENET_DEFAULT, 21_110_248);
        register("convmixer_1536_20", new ConvMixer.Config(1536, 20, 9, 7, 3, 1000, 224, "gelu"), "ConvMixer-1536/20 (timm)",
                IMAGENET_DEFAULT, 0);
        register("convmixer_128_8", new ConvMixer.Config(128, 8, 5, 4, 1, 10, 28, "gelu"),
                "small ConvMixer for 28x28 grey images (the benchmark ConvMixer)", null, 166_538);
        register("convmixer_256_8", new ConvMixer.Config(256, 8, 5, 2, 3, 10, 32, "gelu"), "ConvMixer-256/8 for 32x32 colour images");
    }

    @Override
    public ConvMixer create(ConvMixer.Config config) {
        return new ConvMixer(config);
    }

    @Override
    public ConvMixer.Config configOf(ConvMixer model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(ConvMixer.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), false);
    }
}
