package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/**
 * The transformer block of latent diffusion (Rombach et al. 2022, arXiv 2112.10752, section 3.3 and appendix E.2),
 * as diffusers.models.attention.BasicTransformerBlock with layer norms, GEGLU and no attention bias:
 * x = attn1(norm1(x)) + x (self-attention), x = attn2(norm2(x), context) + x (cross-attention: queries from x, keys and
 * values from the context, e.g. text-encoder states), x = ff(norm3(x)) + x. Names are diffusers' (norm1..3,
 * attn1/attn2.to_q/to_k/to_v/to_out.0, ff.net.0.proj, ff.net.2). Without a context attn2 attends over x itself.
 */
public class BasicTransformerBlock extends Module {
    public final int dim, contextDim;
    public final LayerNorm norm1, norm2, norm3;
    public final CrossAttention attn1, attn2;
    public final FeedForward ff;

    /** diffusers' defaults: feed-forward inner size 4 dim, layer-norm eps 1e-5, dropout 0. */
    public static final class Options {
        int ffInner = -1;
        double eps = 1e-5, dropout = 0;

        /** The feed-forward's inner size (GEGLU output); default 4 dim. */
        public Options ffInner(int inner) { this.ffInner = inner; return this; }
        public Options eps(double e) { this.eps = e; return this; }
        public Options dropout(double p) { this.dropout = p; return this; }
    }

    public static Options options() {
        return new Options();
    }

    /** A block over tokens of width {@code dim}, with {@code heads} heads of {@code dimHead}, cross-attending to contexts of width {@code contextDim}. */
    public BasicTransformerBlock(int dim, int heads, int dimHead, int contextDim, Options o) {
        this.dim = dim;
        this.contextDim = contextDim;
        this.norm1 = register("norm1", new LayerNorm(dim, o.eps));
        this.attn1 = register("attn1", new CrossAttention(dim, dim, heads, dimHead, o.dropout));
        this.norm2 = register("norm2", new LayerNorm(dim, o.eps));
        this.attn2 = register("attn2", new CrossAttention(dim, contextDim, heads, dimHead, o.dropout));
        this.norm3 = register("norm3", new LayerNorm(dim, o.eps));
        this.ff = register("ff", new FeedForward(dim, o.ffInner > 0 ? o.ffInner : 4 * dim, dim, o.dropout));
    }

    /** hidden states [B, N, dim] and context [B, M, context_dim] (null: self-attention in attn2) -> [B, N, dim]. */
    public Tensor call(Tensor x, Tensor context) {
        return hooked(compute(x, context));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return compute(x, null);
    }

    private Tensor compute(Tensor x, Tensor context) {
        if (context == null && contextDim != dim) {
            throw new IllegalArgumentException("BasicTransformerBlock: context_dim " + contextDim + " needs a context");
        }
        x = attn1.call(norm1.call(x), null).add(x);       // [B, N, dim]
        x = attn2.call(norm2.call(x), context).add(x);    // [B, N, dim]
        x = ff.call(norm3.call(x)).add(x);                // [B, N, dim]
        return x;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", heads=" + attn1.heads + ", dim_head=" + attn1.dimHead + ", context_dim=" + contextDim;
    }
}
