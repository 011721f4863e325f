package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/** Sums, means, variances, maxima and log-sum-exp over chosen dimensions, with their gradients. */
public final class Reductions {
    private Reductions() {}

    public static Tensor sumAll(Tensor a) {
        INDArray x = a.value();
        INDArray out = Nd4j.scalar(x.dataType(), x.sumNumber().doubleValue());
        return Tensor.result("sum", out, (g, needs) -> new INDArray[]{Nd4j.valueArrayOf(x.shape(), g.getDouble(0), x.dataType())}, a);
    }

    public static Tensor meanAll(Tensor a) {
        INDArray x = a.value();
        long n = x.length();
        INDArray out = Nd4j.scalar(x.dataType(), x.sumNumber().doubleValue() / n);
        return Tensor.result("mean", out, (g, needs) -> new INDArray[]{Nd4j.valueArrayOf(x.shape(), g.getDouble(0) / n, x.dataType())}, a);
    }

    public static Tensor sum(Tensor a, boolean keepDim, int... dims) {
        INDArray x = a.value();
        int[] d = normalize(dims, x.rank());
        INDArray out = x.sum(keepDim, d);
        long[] keepShape = keptShape(x.shape(), d);
        return Tensor.result("sum_dims", out, (g, needs) -> new INDArray[]{expandBack(g, keepShape, x.shape())}, a);
    }

    public static Tensor mean(Tensor a, boolean keepDim, int... dims) {
        INDArray x = a.value();
        int[] d = normalize(dims, x.rank());
        INDArray out = x.mean(keepDim, d);
        long[] keepShape = keptShape(x.shape(), d);
        long count = x.length() / Arrays.stream(keepShape).reduce(1, (p, q) -> p * q);
        return Tensor.result("mean_dims", out, (g, needs) -> new INDArray[]{expandBack(g, keepShape, x.shape()).divi(count)}, a);
    }

    /** Variance over dims (biased: divide by n, as batch norm uses; unbiased: n - 1). */
    public static Tensor var(Tensor a, boolean unbiased, boolean keepDim, int... dims) {
        int[] d = normalize(dims, a.dim());
        Tensor centered = a.sub(mean(a, true, d));
        long n = 1;
        for (int k : d) n *= a.size(k);
        return sum(centered.square(), keepDim, d).div(unbiased ? n - 1 : n);
    }

    /** Maximum along one dim; the gradient goes to the first maximal element (like PyTorch's max(dim)). */
    public static Tensor max(Tensor a, int dim, boolean keepDim) {
        INDArray x = a.value();
        int d = dim < 0 ? dim + x.rank() : dim;
        INDArray out = x.max(keepDim, d);
        return Tensor.result("max_dim", out, (g, needs) -> {
            INDArray idx = Nd4j.argMax(x, d);
            INDArray oneHot = oneHotAlong(idx, x.shape(), d, x.dataType());
            long[] keepShape = keptShape(x.shape(), new int[]{d});
            return new INDArray[]{oneHot.muli(g.reshape('c', keepShape))};
        }, a);
    }

    /** log(sum(exp(x))) along dim, stable. */
    public static Tensor logSumExp(Tensor a, int dim, boolean keepDim) {
        INDArray x = a.value();
        int d = dim < 0 ? dim + x.rank() : dim;
        INDArray m = x.max(true, d);
        INDArray e = Transforms.exp(x.sub(m), false);
        INDArray lse = Transforms.log(e.sum(true, d), false).addi(m);
        INDArray out = keepDim ? lse : lse.reshape('c', removeDim(lse.shape(), d));
        long[] keepShape = keptShape(x.shape(), new int[]{d});
        return Tensor.result("logsumexp", out, (g, needs) -> {
            INDArray softmax = Transforms.exp(x.sub(lse), false);
            return new INDArray[]{softmax.muli(g.reshape('c', keepShape))};
        }, a);
    }

    // ------------------------------------------------------------------ helpers

    /** A one-hot array of {@code shape} with 1 at {@code idx} along {@code dim}. */
    static INDArray oneHotAlong(INDArray idx, long[] shape, int dim, org.nd4j.linalg.api.buffer.DataType type) {
        // Move dim last, build [M, C] one-hot rows, move it back.
        int rank = shape.length;
        int[] perm = new int[rank];
        int p = 0;
        for (int i = 0; i < rank; i++) if (i != dim) perm[p++] = i;
        perm[rank - 1] = dim;
        long c = shape[dim];
        long m = 1;
        for (int i = 0; i < rank; i++) if (i != dim) m *= shape[i];
        INDArray flatIdx = idx.reshape(new long[]{m});
        INDArray rows = Nd4j.zeros(type, m, c);
        for (long r = 0; r < m; r++) rows.putScalar(r, flatIdx.getLong(r), 1.0);
        long[] permShape = new long[rank];
        for (int i = 0; i < rank; i++) permShape[i] = shape[perm[i]];
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
        return rows.reshape('c', permShape).permute(inverse).dup('c');
    }

    static int[] normalize(int[] dims, int rank) {
        int[] d = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i] < 0 ? dims[i] + rank : dims[i];
            if (d[i] < 0 || d[i] >= rank) {
                throw new IllegalArgumentException("dimension " + dims[i] + " out of range for rank " + rank);
            }
        }
        Arrays.sort(d);
        return d;
    }

    /** The shape after reducing {@code dims} with keepDim=true. */
    static long[] keptShape(long[] shape, int[] dims) {
        long[] k = shape.clone();
        for (int d : dims) k[d] = 1;
        return k;
    }

    static long[] removeDim(long[] shape, int dim) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dim) out[j++] = shape[i];
        return out;
    }

    /** Broadcasts a reduced gradient back to the input's shape. */
    static INDArray expandBack(INDArray g, long[] keepShape, long[] shape) {
        return Broadcasting.expandTo(g.reshape('c', keepShape), shape);
    }
}
