package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;

/**
 * A small transformer over word tokens, in two roles:
 * <ul>
 *   <li>classifier ({@code causal = false}): bidirectional blocks, mean over positions, a linear head to the three
 *   labels; output [B, 3];</li>
 *   <li>decoder-only language model ({@code causal = true}): causal blocks and a head to the whole vocabulary at the
 *   last position (the next token after the prompt, i.e. the answer word); output [B, V]. Inputs are left-padded so the
 *   last position is always the prompt's last token.</li>
 * </ul>
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
        Tensor x = embed.call(ids).add(position.slice(1, 0, t));  // [B, T, D]
        for (Block blk : blocks) x = blk.call(x);
        x = norm.call(x);
        Tensor pooled = causal ? x.select(1, t - 1)               // [B, D]: the last position predicts the answer
                : x.mean(false, 1);                              // [B, D]
        return head.call(pooled);                                 // [B, 3] or [B, V]
    }
}
