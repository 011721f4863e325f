package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/**
 * The text encoder that conditions a latent diffusion UNet (Stable Diffusion's {@code text_encoder}): a
 * {@link ClipTextTransformer} under the name {@code text_model}, so its weights are named as transformers'
 * CLIPTextModel saves them ({@code text_model.encoder.layers.0.self_attn.q_proj.weight}, ...). It can share its tower
 * with a {@link ClipModel} (the contrastively trained pair).
 */
public final class ClipTextModel extends Module {
    public final ClipTextTransformer textModel;

    /** A text encoder over an existing tower (weights shared). */
    public ClipTextModel(ClipTextTransformer tower) {
        this.textModel = register("text_model", tower);
    }

    public ClipTextModel(ClipTextTransformer.Config config) {
        this(new ClipTextTransformer(config));
    }

    public ClipTextTransformer.Config config() {
        return textModel.config;
    }

    /** The hidden states [B, L, D] and pooled states [B, D] of tokenized texts. */
    public ClipTextTransformer.Output encode(WordTokenizer.Batch batch) {
        return textModel.encode(batch);
    }

    @Override
    protected Tensor forward(Tensor ids) {
        throw new UnsupportedOperationException("ClipTextModel: call encode(batch)");
    }
}
