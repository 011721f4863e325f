package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Scaled dot-product self-attention on a packed projection, forward and backward in one kernel each: from
 * qkv [B, N, 3C] (features ordered [3, heads, head_dim], timm's layout) to out [B, N, C] = per head softmax(q k^T
 * scale) v, heads side by side. The op-by-op path splits q, k and v out of the packed array (three slices, three
 * permutes), runs two batched products of tiny matrices (B x heads products of [N, D] by [D, N]), a softmax, a scalar
 * multiply and a permute back, each a separate pass with its own backward rule: measured on the benchmark ViT
 * ([128, 50, 288], 4 heads) this was about a third of a training step. Here one sample's [N, 3C] slab is read once,
 * every head is computed in Java arrays that stay in L1/L2, and the result is written once.
 *
 * <p>Every inner loop is an axpy (a scalar times a row added to a row) over whole rows of 2-D Java arrays, indexed from
 * 0 in every array: JDK 17's JIT vectorizes those, and not the same loops at different offsets into one array (it
 * cannot rule out that they overlap; measured 4-5x slower). Samples run in parallel.
 */
public final class AttentionKernel {
    private AttentionKernel() {}

    /** The output [B, N, C] and, when kept, the attention probabilities [B, heads, N, N] for the backward pass. */
    public record Forward(INDArray output, float[] probabilities) {}

    /** Sizes of one call. */
    private record Geometry(int b, int n, int c, int heads, int d) {
        static Geometry of(INDArray qkv, int heads) {
            int c = (int) (qkv.size(2) / 3);
            return new Geometry((int) qkv.size(0), (int) qkv.size(1), c, heads, c / heads);
        }

        int slab() { return n * 3 * c; }

        /** Rows of part (0 q, 1 k, 2 v) of head h of a sample's slab: rows[i][e] = slab[i 3c + part c + h d + e]. */
        void rows(float[] slab, int part, int h, float[][] rows) {
            for (int i = 0; i < n; i++) System.arraycopy(slab, i * 3 * c + part * c + h * d, rows[i], 0, d);
        }

        /** The same rows transposed: cols[e][i]. */
        void columns(float[] slab, int part, int h, float[][] cols) {
            for (int i = 0; i < n; i++) {
                int src = i * 3 * c + part * c + h * d;
                for (int e = 0; e < d; e++) cols[e][i] = slab[src + e];
            }
        }

        /** Adds rows back into a sample's [N, 3C] gradient slab at part, head h. */
        void addRows(float[][] rows, int part, int h, float[] slab) {
            for (int i = 0; i < n; i++) {
                int dst = i * 3 * c + part * c + h * d;
                for (int e = 0; e < d; e++) slab[dst + e] += rows[i][e];
            }
        }
    }

    /** Whether the kernel computes attention for this packed array and head count. */
    public static boolean handles(INDArray qkv, int heads) {
        return qkv.rank() == 3 && qkv.size(2) % (3L * heads) == 0 && qkv.length() < Integer.MAX_VALUE
                && qkv.size(0) * heads * qkv.size(1) * qkv.size(1) < Integer.MAX_VALUE;
    }

    /** Attention of the contiguous float32 {@code qkv}; keeps the probabilities only when {@code keep}. */
    public static Forward forward(INDArray qkv, int heads, float scale, boolean keep) {
        Geometry g = Geometry.of(qkv, heads);
        int n = g.n, c = g.c, d = g.d, slab = g.slab();
        FloatBuffer in = qkv.data().asNioFloat();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, g.b, n, c);
        FloatBuffer o = out.data().asNioFloat();
        float[] probs = keep ? new float[g.b * heads * n * n] : null;
        IntStream.range(0, g.b).parallel().forEach(s -> {
            float[] x = new float[slab], y = new float[n * c], p = new float[n], acc = new float[d];
            float[][] q = new float[n][d], kt = new float[d][n], v = new float[n][d];
            in.get(s * slab, x, 0, slab);
            for (int h = 0; h < heads; h++) {
                g.rows(x, 0, h, q);
                g.columns(x, 1, h, kt);
                g.rows(x, 2, h, v);
                for (int i = 0; i < n; i++) {
                    java.util.Arrays.fill(p, 0f);
                    float[] qi = q[i];
                    for (int e = 0; e < d; e++) {
                        float qv = qi[e] * scale;
                        float[] ke = kt[e];
                        for (int j = 0; j < n; j++) p[j] += qv * ke[j];
                    }
                    softmax(p, n);
                    if (keep) System.arraycopy(p, 0, probs, ((s * heads + h) * n + i) * n, n);
                    java.util.Arrays.fill(acc, 0f);
                    for (int j = 0; j < n; j++) {
                        float pv = p[j];
                        float[] vj = v[j];
                        for (int e = 0; e < d; e++) acc[e] += pv * vj[e];
                    }
                    System.arraycopy(acc, 0, y, i * c + h * d, d);
                }
            }
            o.put(s * n * c, y, 0, n * c);
        });
        return new Forward(out, probs);
    }

    /** The gradient with respect to qkv [B, N, 3C] for the upstream gradient {@code grad} [B, N, C]. */
    public static INDArray backward(INDArray qkv, float[] probs, INDArray grad, int heads, float scale) {
        Geometry g = Geometry.of(qkv, heads);
        int n = g.n, c = g.c, d = g.d, slab = g.slab();
        FloatBuffer in = qkv.data().asNioFloat(), up = grad.data().asNioFloat();
        INDArray dqkv = Nd4j.createUninitialized(DataType.FLOAT, qkv.shape());
        FloatBuffer dOut = dqkv.data().asNioFloat();
        IntStream.range(0, g.b).parallel().forEach(s -> {
            float[] x = new float[slab], gy = new float[n * c], dx = new float[slab];
            float[] p = new float[n], dp = new float[n], go = new float[d];
            float[][] q = new float[n][d], k = new float[n][d], vt = new float[d][n];
            float[][] dq = new float[n][d], dk = new float[n][d], dv = new float[n][d];
            in.get(s * slab, x, 0, slab);
            up.get(s * n * c, gy, 0, n * c);
            for (int h = 0; h < heads; h++) {
                g.rows(x, 0, h, q);
                g.rows(x, 1, h, k);
                g.columns(x, 2, h, vt);
                for (float[][] rows : new float[][][]{dq, dk, dv}) {
                    for (float[] r : rows) java.util.Arrays.fill(r, 0f);
                }
                for (int i = 0; i < n; i++) {
                    System.arraycopy(probs, ((s * heads + h) * n + i) * n, p, 0, n);
                    System.arraycopy(gy, i * c + h * d, go, 0, d);
                    // dV[j] += P[i, j] dO[i]
                    for (int j = 0; j < n; j++) {
                        float pv = p[j];
                        float[] dvj = dv[j];
                        for (int e = 0; e < d; e++) dvj[e] += pv * go[e];
                    }
                    // dP[i, j] = dO[i] . V[j]
                    java.util.Arrays.fill(dp, 0f);
                    for (int e = 0; e < d; e++) {
                        float gv = go[e];
                        float[] ve = vt[e];
                        for (int j = 0; j < n; j++) dp[j] += gv * ve[j];
                    }
                    // dS = P (dP - sum_j P dP), with the scale of the scores folded in
                    float dot = 0;
                    for (int j = 0; j < n; j++) dot += p[j] * dp[j];
                    for (int j = 0; j < n; j++) dp[j] = p[j] * (dp[j] - dot) * scale;
                    // dQ[i] += dS[i, j] K[j];  dK[j] += dS[i, j] Q[i]
                    float[] dqi = dq[i], qi = q[i];
                    for (int j = 0; j < n; j++) {
                        float sv = dp[j];
                        float[] kj = k[j], dkj = dk[j];
                        for (int e = 0; e < d; e++) dqi[e] += sv * kj[e];
                        for (int e = 0; e < d; e++) dkj[e] += sv * qi[e];
                    }
                }
                g.addRows(dq, 0, h, dx);
                g.addRows(dk, 1, h, dx);
                g.addRows(dv, 2, h, dx);
            }
            dOut.put(s * slab, dx, 0, slab);
        });
        return dqkv;
    }

    /** Softmax of a[0 .. n) in place (max subtracted first, as libnd4j's softmax does). */
    private static void softmax(float[] a, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, a[j]);
        float sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(a[j] - max);
            a[j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < n; j++) a[j] *= inv;
    }
}
