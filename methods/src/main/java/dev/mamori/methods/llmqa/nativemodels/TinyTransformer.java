package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small transformer over word tokens, in two roles:
 * <ul>
 *   <li>classifier ({@code causal = false}): bidirectional blocks, mean over the real (not padding) positions, a linear
 *   head to the three labels; output [B, 3]. Inputs are right-padded; positions count from the first token.</li>
 *   <li>decoder-only language model ({@code causal = true}): causal blocks and a head to the whole vocabulary at the
 *   last position (the next token after the prompt, i.e. the answer word); output [B, V]. Inputs are left-padded so the
 *   last position is always the prompt's last token; positions count back from it, so a token's position does not
 *   depend on the padding either.</li>
 * </ul>
 * Padding tokens (id 0) are masked out of every attention, so a sequence's output does not depend on what it is
 * batched with: training batches see what a single query sees, and a server may batch concurrent queries.
 * Input token ids [B, T] with T at most {@code maxLength}.
 */
public final class TinyTransformer extends Module {
    public final int vocabulary, dim, maxLength, outputs;
    public final boolean causal;
    public final Embedding embed;
    public final Tensor position;
    public final ModuleList<Block> blocks;
    public final LayerNorm norm;
    public final Linear head;

    public TinyTransformer(int vocabulary, int dim, int depth, int heads, int maxLength, boolean causal) {
        this.vocabulary = vocabulary;
        this.dim = dim;
        this.maxLength = maxLength;
        this.causal = causal;
        this.outputs = causal ? vocabulary : 3;
        this.embed = register("embed", new Embedding(vocabulary, dim));
        this.position = registerParameter("position", Init.normal(0, 0.02, 1, maxLength, dim));
        ModuleList<Block> list = new ModuleList<>();
        for (int i = 0; i < depth; i++) list.add(new Block(dim, heads, causal));
        this.blocks = register("blocks", list);
        this.norm = register("norm", new LayerNorm(dim));
        this.head = register("head", new Linear(dim, outputs));
    }

    @Override
    protected Tensor forward(Tensor ids) {
        long b = ids.size(0), t = ids.size(1);
        if (t > maxLength) throw new IllegalArgumentException("sequence of " + t + " tokens is longer than the model's " + maxLength);
        Tensor positions = causal ? position.slice(1, maxLength - t, maxLength) : position.slice(1, 0, t); // [1, T, D]
        Tensor x = embed.call(ids).add(positions);                 // [B, T, D]
        float[] real = realTokens(ids.value());                    // [B * T]: 1 for a token, 0 for padding
        Tensor padding = padding(real, b, t, x.value().dataType()); // [B, 1, 1, T] or null
        for (Block blk : blocks) x = blk.call(x, padding);
        x = norm.call(x);
        if (causal) return head.call(x.select(1, t - 1));         // [B, V]: the last position predicts the answer
        Tensor weights = Tensor.of(Nd4j.create(real, new long[]{b, t, 1}).castTo(x.value().dataType())); // [B, T, 1]
        Tensor count = Tensor.of(Nd4j.create(counts(real, b, t), new long[]{b, 1}).castTo(x.value().dataType())); // [B, 1]
        return head.call(x.mul(weights).sum(false, 1).div(count)); // [B, D] -> [B, 3]
    }

    private static float[] realTokens(INDArray ids) {
        float[] v = ids.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < v.length; i++) v[i] = v[i] == WordVocabulary.PAD_ID ? 0f : 1f;
        return v;
    }

    /** The additive key mask [B, 1, 1, T] of the padding, or null when the batch has none. */
    private static Tensor padding(float[] real, long b, long t, DataType type) {
        float[] m = new float[real.length];
        boolean any = false;
        for (int i = 0; i < m.length; i++) {
            if (real[i] == 0f) {
                m[i] = Block.MASKED;
                any = true;
            }
        }
        return any ? Tensor.of(Nd4j.create(m, new long[]{b, 1, 1, t}).castTo(type)) : null;
    }

    private static float[] counts(float[] real, long b, long t) {
        float[] c = new float[(int) b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) c[i] += real[(int) (i * t + j)];
            c[i] = Math.max(c[i], 1f); // an all-padding row (an empty review) pools to zero rather than NaN
        }
        return c;
    }
}
