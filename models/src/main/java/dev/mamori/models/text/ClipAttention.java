package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head self-attention in the layout of transformers' CLIPAttention (q_proj, k_proj, v_proj, out_proj, all with
 * bias), optionally causal: the text tower lets each token attend only to itself and the tokens before it (Radford et
 * al. 2021, arXiv 2103.00020, section 2.4: "masked self-attention"). [B, N, D] -> [B, N, D].
 */
public class ClipAttention extends Module {
    /** Added to the scores above the diagonal: exp of it is 0 in float32 without producing NaN. */
    private static final double MASKED = -1e9;
    public final int dim, heads;
    public final Linear qProj, kProj, vProj, outProj;
    private final double scale;

    public ClipAttention(int dim, int heads) {
        if (dim % heads != 0) throw new IllegalArgumentException("CLIP attention: width " + dim + " not divisible by " + heads + " heads");
        this.dim = dim;
        this.heads = heads;
        this.scale = Math.pow(dim / heads, -0.5);
        this.kProj = register("k_proj", new Linear(dim, dim));
        this.vProj = register("v_proj", new Linear(dim, dim));
        this.qProj = register("q_proj", new Linear(dim, dim));
        this.outProj = register("out_proj", new Linear(dim, dim));
    }

    /** x [B, N, D]; causal: mask the future. */
    public Tensor call(Tensor x, boolean causal) {
        return hooked(attend(x, causal));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return attend(x, false);
    }

    private Tensor attend(Tensor x, boolean causal) {
        long b = x.size(0), n = x.size(1);
        int d = dim / heads;
        Tensor q = split(qProj.call(x), b, n, d).mul(scale);                    // [B, H, N, d]
        Tensor k = split(kProj.call(x), b, n, d);
        Tensor v = split(vProj.call(x), b, n, d);
        Tensor scores = LinearAlgebra.matmulTransposedB(q, k);                  // [B, H, N, N]
        if (causal) scores = scores.add(Tensor.of(causalMask(n, x.value())));
        Tensor out = scores.softmax(-1).matmul(v).permute(0, 2, 1, 3).reshape(b, n, dim);
        return outProj.call(out);                                               // [B, N, D]
    }

    private Tensor split(Tensor t, long b, long n, int d) {
        return t.reshape(b, n, heads, d).permute(0, 2, 1, 3);
    }

    /** [1, 1, N, N]: 0 on and below the diagonal, a large negative number above. */
    static INDArray causalMask(long n, INDArray like) {
        float[] m = new float[(int) (n * n)];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[(int) (i * n + j)] = (float) MASKED;
        return Nd4j.create(m, new long[]{1, 1, n, n}, 'c').castTo(like.dataType());
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", heads=" + heads;
    }
}
