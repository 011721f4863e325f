package dev.mamori.models.text;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/**
 * The {@code clip} family: {@link ClipModel} configurations. {@code clip_emoji_32} is the small pair Mamori trains
 * contrastively on emoji captions at 32x32 (context of 16 tokens; its 128-wide text states condition
 * {@code unet_emoji_8}); the vocabulary size is set from the fitted tokenizer when the model is built.
 */
public final class ClipFamily extends ModelFamily<ClipModel.Config, ClipModel> {

    /** The default pair for 32x32 emoji and their captions (vocabulary size a placeholder until a tokenizer is fitted). */
    public static ClipModel.Config emoji() {
        return new ClipModel.Config(2048, 16, 128, 4, 4, 32, 4, 3, 64, 3, 4, 128, 4, "quick_gelu");
    }

    public ClipFamily() {
        super("clip", ModelKind.TEXT, ClipModel.class, ClipModel.Config.class, emoji());
        register("clip_emoji_32", emoji(), "CLIP-style text (4 layers x 128, 16 tokens) and image (ViT 3 layers x 64, patch 4, 32x32) towers");
    }

    @Override
    public ClipModel create(ClipModel.Config config) {
        return new ClipModel(config);
    }

    @Override
    public ClipModel.Config configOf(ClipModel model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(ClipModel.Config c) {
        return Preprocessing.image(c.imageChannels(), c.imageSize(), true);
    }
}
