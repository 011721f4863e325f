package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.LayerNorm;

import java.util.List;

/**
 * CLIP's image tower, a ViT (Radford et al. 2021, arXiv 2103.00020, section 2.4; Dosovitskiy et al. 2021), as
 * transformers' CLIPVisionTransformer: embeddings (class_embedding, patch_embedding conv without bias,
 * position_embedding), pre_layrnorm (sic, transformers' name), {@link ClipEncoder} (not causal), post_layernorm of the
 * class token as the pooled feature. Pixels in [-1, 1].
 */
public class ClipVisionTransformer extends Module {

    /**
     * @param imageSize    input height and width
     * @param patchSize    patch side (divides the image size)
     * @param channels     image channels
     * @param width        hidden size
     * @param layers       encoder layers
     * @param heads        attention heads
     * @param intermediate the feed-forward's inner size
     * @param hiddenAct    quick_gelu or gelu
     * @param layerNormEps layer-norm eps
     */
    public record Config(int imageSize, int patchSize, int channels, int width, int layers, int heads, int intermediate, String hiddenAct,
                         double layerNormEps) {
        public Config {
            if (patchSize < 1 || imageSize % patchSize != 0) throw new IllegalArgumentException("CLIP vision: patch " + patchSize + " must divide image size " + imageSize);
            if (width % heads != 0) throw new IllegalArgumentException("CLIP vision: width " + width + " not divisible by " + heads + " heads");
        }

        public int patches() {
            return (imageSize / patchSize) * (imageSize / patchSize);
        }
    }

    /** Class token, patch and position embeddings (transformers' CLIPVisionEmbeddings). */
    public static final class Embeddings extends Module {
        public final Tensor classEmbedding;
        public final Conv2d patchEmbedding;
        public final Embedding positionEmbedding;
        private final int width;

        Embeddings(Config c) {
            this.width = c.width();
            this.classEmbedding = registerParameter("class_embedding", Init.normal(0, Math.pow(c.width(), -0.5), c.width()));
            this.patchEmbedding = register("patch_embedding", new Conv2d(c.channels(), c.width(), c.patchSize(),
                    Conv2d.options().stride(c.patchSize()).bias(false)));
            this.positionEmbedding = register("position_embedding", new Embedding(c.patches() + 1, c.width()));
            positionEmbedding.weight.value().assign(Init.normal(0, 0.01, c.patches() + 1, c.width()));
        }

        /** [B, C, H, W] -> [B, 1 + patches, D]. */
        @Override
        protected Tensor forward(Tensor x) {
            long b = x.size(0);
            Tensor patches = patchEmbedding.call(x).flatten(2).transpose(1, 2);        // [B, N, D]
            Tensor cls = classEmbedding.reshape(1, 1, width).expand(b, 1, width);       // [B, 1, D]
            return Tensor.cat(List.of(cls, patches), 1).add(positionEmbedding.weight.unsqueeze(0));
        }
    }

    public final Config config;
    public final Embeddings embeddings;
    public final LayerNorm preLayrnorm, postLayernorm;
    public final ClipEncoder encoder;

    public ClipVisionTransformer(Config c) {
        this.config = c;
        this.embeddings = register("embeddings", new Embeddings(c));
        this.preLayrnorm = register("pre_layrnorm", new LayerNorm(c.width(), c.layerNormEps()));
        this.encoder = register("encoder", new ClipEncoder(c.width(), c.layers(), c.heads(), c.intermediate(), c.hiddenAct(), c.layerNormEps()));
        this.postLayernorm = register("post_layernorm", new LayerNorm(c.width(), c.layerNormEps()));
    }

    /**
     * The token states [B, 1 + N, D] after pre_layrnorm and after each encoder layer (depth + 1 tensors): the
     * features of a perceptual distance.
     */
    public List<Tensor> hiddenStates(Tensor x) {
        return hiddenStates(x, encoder.layers.size());
    }

    /** The same up to the first {@code layers} encoder layers only (layers + 1 tensors; the later layers are not run). */
    public List<Tensor> hiddenStates(Tensor x, int layers) {
        if (layers < 0 || layers > encoder.layers.size()) throw new IllegalArgumentException("layers must be in [0, " + encoder.layers.size() + "], got " + layers);
        List<Tensor> out = new java.util.ArrayList<>();
        Tensor h = preLayrnorm.call(embeddings.call(x));
        out.add(h);
        for (int i = 0; i < layers; i++) {
            h = encoder.layers.get(i).call(h, false);
            out.add(h);
        }
        return out;
    }

    /** Images [B, C, H, W] in [-1, 1] -> the pooled feature [B, D] (the class token after post_layernorm). */
    @Override
    protected Tensor forward(Tensor x) {
        Tensor h = encoder.call(preLayrnorm.call(embeddings.call(x)), false);          // [B, 1 + N, D]
        return postLayernorm.call(h.select(1, 0));                                      // [B, D]
    }
}
