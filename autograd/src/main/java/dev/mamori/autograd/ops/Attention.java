package dev.mamori.autograd.ops;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.kernels.AttentionKernel;
import dev.mamori.autograd.kernels.CpuKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.UnaryOperator;

/** Scaled dot-product attention. */
public final class Attention {
    private Attention() {}

    /**
     * Multi-head self-attention on a packed projection qkv [B, N, 3C] whose features are ordered [3, heads, head_dim]
     * (timm's layout): per head softmax(q k^T * scale) v, heads side by side in the output [B, N, C].
     * {@code onProbabilities} (may be null) transforms the attention probabilities [B, heads, N, N] before they weight
     * v (attention dropout). Float32 on the CPU without it runs as one fused kernel ({@link AttentionKernel});
     * otherwise, op by op (the reference the kernel is tested against).
     */
    public static Tensor packedSelfAttention(Tensor qkv, int heads, double scale, UnaryOperator<Tensor> onProbabilities) {
        if (qkv.dim() != 3 || qkv.size(2) % (3L * heads) != 0) {
            throw new IllegalArgumentException("packed self-attention: expected [B, N, 3 * heads * head_dim] for " + heads
                    + " heads, got " + java.util.Arrays.toString(qkv.shape()));
        }
        if (onProbabilities == null && CpuKernels.applicable("attention", qkv.value()) && AttentionKernel.handles(qkv.value(), heads)) {
            INDArray packed = CpuKernels.contiguous(qkv.value());
            boolean keep = GradMode.isEnabled() && qkv.requiresGrad();
            AttentionKernel.Forward f = AttentionKernel.forward(packed, heads, (float) scale, keep);
            return Tensor.result("self_attention", f.output(), (g, needs) -> new INDArray[]{
                    AttentionKernel.backward(packed, f.probabilities(), CpuKernels.contiguous(g), heads, (float) scale)}, qkv);
        }
        long b = qkv.size(0), n = qkv.size(1), dim = qkv.size(2) / 3;
        int d = (int) (dim / heads);
        Tensor q = splitHeads(qkv.slice(2, 0, dim), b, n, heads, d).mul(scale);
        Tensor k = splitHeads(qkv.slice(2, dim, 2 * dim), b, n, heads, d);
        Tensor v = splitHeads(qkv.slice(2, 2 * dim, 3 * dim), b, n, heads, d);
        Tensor attn = LinearAlgebra.matmulTransposedB(q, k).softmax(-1); // [B, H, N, N]
        if (onProbabilities != null) attn = onProbabilities.apply(attn);
        return attn.matmul(v).permute(0, 2, 1, 3).reshape(b, n, dim);
    }

    /** [B, N, H*D] -> [B, H, N, D]. */
    private static Tensor splitHeads(Tensor t, long b, long n, int heads, int d) {
        return t.reshape(b, n, heads, d).permute(0, 2, 1, 3);
    }
}
