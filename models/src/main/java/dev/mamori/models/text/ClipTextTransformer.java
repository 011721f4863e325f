package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Indexing;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.LayerNorm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * CLIP's text tower (Radford et al. 2021, arXiv 2103.00020, section 2.4), as transformers' CLIPTextTransformer:
 * embeddings (token_embedding, position_embedding), a causal {@link ClipEncoder}, final_layer_norm. Its last hidden
 * state conditions the UNet (Stable Diffusion's cross-attention context); the state at the end-of-text token is the
 * pooled text feature CLIP projects and compares with images.
 */
public class ClipTextTransformer extends Module {

    /**
     * @param vocabSize     the tokenizer's vocabulary size
     * @param contextLength tokens per text, start and end of text included (max_position_embeddings)
     * @param width         hidden size
     * @param layers        encoder layers
     * @param heads         attention heads
     * @param intermediate  the feed-forward's inner size
     * @param hiddenAct     quick_gelu or gelu
     * @param layerNormEps  layer-norm eps (1e-5)
     */
    public record Config(int vocabSize, int contextLength, int width, int layers, int heads, int intermediate, String hiddenAct,
                         double layerNormEps) {
        public Config {
            if (vocabSize < 4 || contextLength < 3 || width < 1 || layers < 0 || heads < 1 || intermediate < 1) {
                throw new IllegalArgumentException("CLIP text config: sizes out of range (vocabulary >= 4, context >= 3)");
            }
            if (width % heads != 0) throw new IllegalArgumentException("CLIP text config: width " + width + " not divisible by " + heads + " heads");
        }
    }

    /** The token and position embeddings (transformers' CLIPTextEmbeddings). */
    public static final class Embeddings extends Module {
        public final Embedding tokenEmbedding, positionEmbedding;

        Embeddings(Config c) {
            this.tokenEmbedding = register("token_embedding", new Embedding(c.vocabSize(), c.width()));
            this.positionEmbedding = register("position_embedding", new Embedding(c.contextLength(), c.width()));
            // CLIP's initialization: N(0, 0.02) tokens, N(0, 0.01) positions
            tokenEmbedding.weight.value().assign(Init.normal(0, 0.02, c.vocabSize(), c.width()));
            positionEmbedding.weight.value().assign(Init.normal(0, 0.01, c.contextLength(), c.width()));
        }

        /** ids [B, L] -> [B, L, D]. */
        Tensor embed(INDArray ids) {
            long l = ids.size(1);
            INDArray positions = Nd4j.arange(0, l).castTo(DataType.INT64).reshape(1, l);
            return tokenEmbedding.lookup(ids).add(positionEmbedding.lookup(positions));
        }

        @Override
        protected Tensor forward(Tensor ids) {
            return embed(ids.value());
        }
    }

    /** The states of every position [B, L, D] and the pooled state at each text's end-of-text token [B, D]. */
    public record Output(Tensor lastHiddenState, Tensor pooled) {}

    public final Config config;
    public final Embeddings embeddings;
    public final ClipEncoder encoder;
    public final LayerNorm finalLayerNorm;

    public ClipTextTransformer(Config c) {
        this.config = c;
        this.embeddings = register("embeddings", new Embeddings(c));
        this.encoder = register("encoder", new ClipEncoder(c.width(), c.layers(), c.heads(), c.intermediate(), c.hiddenAct(), c.layerNormEps()));
        this.finalLayerNorm = register("final_layer_norm", new LayerNorm(c.width(), c.layerNormEps()));
    }

    /**
     * Encodes token ids [B, L] (L = the context length) whose end-of-text tokens sit at {@code eosPositions} [B] (see
     * {@link WordTokenizer.Encoding#eosPosition()}).
     */
    public Output encode(INDArray ids, int[] eosPositions) {
        if (ids.rank() != 2 || ids.size(1) != config.contextLength()) {
            throw new IllegalArgumentException("CLIP text: expected token ids [B, " + config.contextLength() + "], got " + Arrays.toString(ids.shape()));
        }
        long b = ids.size(0), l = ids.size(1);
        if (eosPositions.length != b) throw new IllegalArgumentException("CLIP text: " + eosPositions.length + " end positions for " + b + " texts");
        Tensor h = embeddings.embed(ids);                                              // [B, L, D]
        h = finalLayerNorm.call(encoder.call(h, true));                               // [B, L, D]
        long[] rows = new long[(int) b];
        for (int i = 0; i < b; i++) {
            if (eosPositions[i] < 0 || eosPositions[i] >= l) throw new IllegalArgumentException("end-of-text position " + eosPositions[i] + " outside [0, " + l + ")");
            rows[i] = i * l + eosPositions[i];
        }
        Tensor pooled = Indexing.indexSelectRows(h.reshape(b * l, config.width()), Nd4j.createFromArray(rows)); // [B, D]
        return new Output(h, pooled);
    }

    /** Encodes tokenized texts. */
    public Output encode(WordTokenizer.Batch batch) {
        return encode(batch.ids(), batch.eosPositions());
    }

    @Override
    protected Tensor forward(Tensor ids) {
        throw new UnsupportedOperationException("CLIP text: call encode(ids, eosPositions)");
    }
}
