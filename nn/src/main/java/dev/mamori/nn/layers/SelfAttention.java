package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Attention;
import dev.mamori.nn.Module;

/**
 * Multi-head self-attention in timm's layout (timm.models.vision_transformer.Attention): one packed {@code qkv}
 * Linear whose output features are ordered [3, heads, head_dim], scaled dot-product softmax attention, and an output
 * projection {@code proj}. Input and output [B, N, C].
 */
public class SelfAttention extends Module {
    public final int dim, heads;
    public final Linear qkv, proj;
    private final double scale;
    private final Dropout attnDrop, projDrop;

    public SelfAttention(int dim, int heads) {
        this(dim, heads, true, 0.0, 0.0);
    }

    public SelfAttention(int dim, int heads, boolean qkvBias, double attnDropout, double projDropout) {
        if (dim % heads != 0) throw new IllegalArgumentException("attention dim " + dim + " not divisible by " + heads + " heads");
        this.dim = dim;
        this.heads = heads;
        this.scale = Math.pow(dim / heads, -0.5);
        this.qkv = register("qkv", new Linear(dim, 3L * dim, qkvBias));
        this.attnDrop = attnDropout > 0 ? register("attn_drop", new Dropout(attnDropout)) : null;
        this.proj = register("proj", new Linear(dim, dim));
        this.projDrop = projDropout > 0 ? register("proj_drop", new Dropout(projDropout)) : null;
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor packed = qkv.call(x); // [B, N, 3C], features ordered [3, H, D]
        Tensor out = Attention.packedSelfAttention(packed, heads, scale, attnDrop == null || !isTraining() ? null : attnDrop::call); // [B, N, C]
        out = proj.call(out);
        return projDrop != null ? projDrop.call(out) : out;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", heads=" + heads;
    }
}
