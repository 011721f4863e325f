package dev.mamori.models.translation;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/** The {@code translation_unet} family ({@link ModelKind#IMAGE_TO_IMAGE}): small U-Nets that undo image transforms. */
public final class TranslationUNetFamily extends ModelFamily<TranslationUNet.Config, TranslationUNet> {

    public TranslationUNetFamily() {
        super("translation_unet", ModelKind.IMAGE_TO_IMAGE, TranslationUNet.class, TranslationUNet.Config.class,
                new TranslationUNet.Config(3, 3, 16, 2, 32, "sigmoid"));
        register("translation_unet_16_32", new TranslationUNet.Config(3, 3, 16, 2, 32, "sigmoid"),
                "U-Net, 2 levels from 16 channels, for 32x32 colour images");
        register("translation_unet_16_28", new TranslationUNet.Config(1, 1, 16, 2, 28, "sigmoid"),
                "U-Net, 2 levels from 16 channels, for 28x28 grey images");
    }

    @Override
    public TranslationUNet create(TranslationUNet.Config config) {
        return new TranslationUNet(config);
    }

    @Override
    public TranslationUNet.Config configOf(TranslationUNet model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(TranslationUNet.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), false);
    }
}
