package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Mlp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pre-norm transformer block (x + attn(ln1(x)), then x + mlp(ln2(x))) with multi-head self-attention that is
 * either bidirectional (the classifier) or causal (the language model: position i attends to positions <= i). The
 * attention's packed {@code qkv} and {@code proj} follow timm's names, as {@link dev.mamori.nn.layers.SelfAttention}
 * does; the causal mask and the padding mask (no position attends to a padding token) are added to the scores before
 * the softmax, so that a sequence's outputs do not depend on how much padding its batch needed. Input and output
 * [B, T, D].
 */
public final class Block extends Module {
    public final int dim, heads;
    public final boolean causal;
    public final LayerNorm ln1, ln2;
    public final Linear qkv, proj;
    public final Mlp mlp;

    public Block(int dim, int heads, boolean causal) {
        if (dim % heads != 0) throw new IllegalArgumentException("dim " + dim + " not divisible by " + heads + " heads");
        this.dim = dim;
        this.heads = heads;
        this.causal = causal;
        this.ln1 = register("ln1", new LayerNorm(dim));
        this.qkv = register("qkv", new Linear(dim, 3L * dim));
        this.proj = register("proj", new Linear(dim, dim));
        this.ln2 = register("ln2", new LayerNorm(dim));
        this.mlp = register("mlp", new Mlp(dim, 4L * dim, dim));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * The block with a padding mask: {@code padding} [B, 1, 1, T] holds 0 for real tokens and a large negative number
     * for padding (null: no padding).
     */
    public Tensor call(Tensor x, Tensor padding) {
        return hooked(forward(x, padding));
    }

    private Tensor forward(Tensor x, Tensor padding) {
        Tensor y = x.add(attention(ln1.call(x), padding));
        return y.add(mlp.call(ln2.call(y)));
    }

    private Tensor attention(Tensor x, Tensor padding) {
        long b = x.size(0), t = x.size(1);
        int d = dim / heads;
        Tensor packed = qkv.call(x);                                                  // [B, T, 3D]
        Tensor q = split(packed.slice(2, 0, dim), b, t, d).mul(Math.pow(d, -0.5));    // [B, H, T, d]
        Tensor k = split(packed.slice(2, dim, 2L * dim), b, t, d);
        Tensor v = split(packed.slice(2, 2L * dim, 3L * dim), b, t, d);
        Tensor scores = LinearAlgebra.matmulTransposedB(q, k);                        // [B, H, T, T]
        if (causal) scores = scores.add(Tensor.of(mask(t, scores.value().dataType())));
        if (padding != null) scores = scores.add(padding);                            // [B, 1, 1, T] over the keys
        Tensor out = scores.softmax(-1).matmul(v).permute(0, 2, 1, 3).reshape(b, t, dim); // [B, T, D]
        return proj.call(out);
    }

    private Tensor split(Tensor z, long b, long t, int d) {
        return z.reshape(b, t, heads, d).permute(0, 2, 1, 3);
    }

    /** [1, 1, T, T]: 0 on and below the diagonal, a large negative number above it. */
    static INDArray mask(long t, DataType type) {
        float[] m = new float[(int) (t * t)];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) m[(int) (i * t + j)] = MASKED;
        return Nd4j.create(m, new long[]{1, 1, t, t}).castTo(type);
    }

    /** What a masked score gets: its softmax weight is exactly 0 in float32 next to any real score. */
    static final float MASKED = -1e9f;
}
