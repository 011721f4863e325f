package dev.mamori.models;

import static dev.mamori.models.Normalization.IMAGENET_INCEPTION;

/**
 * The {@code vit} family: {@link VisionTransformer} configurations with timm's names. The ImageNet ones expect timm's
 * inception normalization; the small ones are trained here with the dataset's statistics. The input size is fixed by
 * the position embedding (resize it to load other sizes: {@link Checkpoints}).
 */
public final class VisionTransformerFamily extends ModelFamily<VisionTransformer.Config, VisionTransformer> {

    public VisionTransformerFamily() {
        super("vit", ModelKind.CLASSIFICATION, VisionTransformer.class, VisionTransformer.Config.class,
                VisionTransformer.Config.of(224, 16, 3, 1000, 192, 12, 3, 4.0));
        register("vit_tiny_patch16_224", VisionTransformer.Config.of(224, 16, 3, 1000, 192, 12, 3, 4.0), "ViT-Ti/16 (timm)",
                IMAGENET_INCEPTION, 5_717_416);
        register("vit_small_patch16_224", VisionTransformer.Config.of(224, 16, 3, 1000, 384, 12, 6, 4.0), "ViT-S/16 (timm)",
                IMAGENET_INCEPTION, 22_050_664);
        register("vit_base_patch16_224", VisionTransformer.Config.of(224, 16, 3, 1000, 768, 12, 12, 4.0), "ViT-B/16 (timm)",
                IMAGENET_INCEPTION, 0);
        register("vit_mini_patch4_28", VisionTransformer.Config.of(28, 4, 1, 10, 96, 6, 4, 2.0),
                "small ViT for 28x28 grey images (the benchmark ViT)", null, 456_394);
        register("vit_mini_patch4_32", VisionTransformer.Config.of(32, 4, 3, 10, 192, 6, 3, 2.0), "small ViT for 32x32 colour images");
    }

    @Override
    public VisionTransformer create(VisionTransformer.Config config) {
        return new VisionTransformer(config);
    }

    @Override
    public VisionTransformer.Config configOf(VisionTransformer model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(VisionTransformer.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), true);
    }
}
