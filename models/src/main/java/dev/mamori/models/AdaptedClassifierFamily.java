package dev.mamori.models;

import java.util.Map;

/**
 * The {@code adapted} family: {@link AdaptedClassifier}, Tanaka's adaptation network in front of a registry
 * classifier, for images encrypted with a block-wise key (LE's 4-bit split images: 2C input channels).
 */
public final class AdaptedClassifierFamily extends ModelFamily<AdaptedClassifier.Config, AdaptedClassifier> {

    public AdaptedClassifierFamily() {
        super("adapted", ModelKind.CLASSIFICATION, AdaptedClassifier.class, AdaptedClassifier.Config.class, leVit());
        register("adapted_le_vit_32", leVit(), "adaptation network (block 4) + small ViT, for LE-encrypted 32x32 colour images (6 nibble channels)");
    }

    private static AdaptedClassifier.Config leVit() {
        return new AdaptedClassifier.Config(6, 4, 96, 3, 32, 10, "vit",
                Map.of("patchSize", 4, "embedDim", 64, "depth", 4, "heads", 4, "mlpRatio", 2.0));
    }

    @Override
    public AdaptedClassifier create(AdaptedClassifier.Config config) {
        return new AdaptedClassifier(config);
    }

    @Override
    public AdaptedClassifier.Config configOf(AdaptedClassifier model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(AdaptedClassifier.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), true);
    }
}
