package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.nn.Module;

/**
 * Multi-head attention in the diffusers layout (diffusers.models.attention_processor.Attention): {@code to_q},
 * {@code to_k}, {@code to_v} without bias (with bias in the VAE's mid-block attention), output projection
 * {@code to_out.0} with bias (and dropout {@code to_out.1}). Queries come from x [B, N, query_dim], keys and values
 * from the context [B, M, context_dim]; with no context it is self-attention.
 */
public class CrossAttention extends Module {
    public final int queryDim, contextDim, heads, dimHead;
    public final Linear toQ, toK, toV, toOut;
    private final double scale;

    public CrossAttention(int queryDim, int contextDim, int heads, int dimHead) {
        this(queryDim, contextDim, heads, dimHead, 0.0);
    }

    public CrossAttention(int queryDim, int contextDim, int heads, int dimHead, double dropout) {
        this(queryDim, contextDim, heads, dimHead, dropout, false);
    }

    /** With {@code qkvBias}, to_q, to_k and to_v have biases (diffusers' Attention with bias=True). */
    public CrossAttention(int queryDim, int contextDim, int heads, int dimHead, double dropout, boolean qkvBias) {
        this.queryDim = queryDim;
        this.contextDim = contextDim;
        this.heads = heads;
        this.dimHead = dimHead;
        this.scale = Math.pow(dimHead, -0.5);
        int inner = heads * dimHead;
        this.toQ = register("to_q", new Linear(queryDim, inner, qkvBias));
        this.toK = register("to_k", new Linear(contextDim, inner, qkvBias));
        this.toV = register("to_v", new Linear(contextDim, inner, qkvBias));
        ModuleList<Module> out = register("to_out", new ModuleList<>());
        this.toOut = new Linear(inner, queryDim);
        out.add(toOut);
        out.add(new Dropout(dropout));
    }

    /** Attention of x over context (context null: over x itself), with forward hooks applied. */
    public Tensor call(Tensor x, Tensor context) {
        return hooked(attend(x, context));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return attend(x, null);
    }

    private Tensor attend(Tensor x, Tensor context) {
        Tensor ctx = context == null ? x : context;
        long b = x.size(0), n = x.size(1), m = ctx.size(1);
        Tensor q = heads(toQ.call(x), b, n).mul(scale);
        Tensor k = heads(toK.call(ctx), b, m);
        Tensor v = heads(toV.call(ctx), b, m);
        Tensor attn = LinearAlgebra.matmulTransposedB(q, k).softmax(-1);
        Tensor out = attn.matmul(v).permute(0, 2, 1, 3).reshape(b, n, (long) heads * dimHead);
        Module dropout = children().get("to_out").children().get("1");
        return dropout.call(toOut.call(out));
    }

    private Tensor heads(Tensor t, long b, long len) {
        return t.reshape(b, len, heads, dimHead).permute(0, 2, 1, 3);
    }

    @Override
    protected String extraRepr() {
        return "query_dim=" + queryDim + ", context_dim=" + contextDim + ", heads=" + heads + ", dim_head=" + dimHead;
    }
}
