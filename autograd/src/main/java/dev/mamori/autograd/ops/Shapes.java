package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;

/**
 * Reshaping, permuting, slicing, concatenating and padding. Results are always contiguous ('c' order), so native
 * kernels downstream never see strided views.
 */
public final class Shapes {
    private Shapes() {}

    /** Reshape; one dimension may be -1. */
    public static Tensor reshape(Tensor a, long... shape) {
        INDArray x = a.value();
        long[] target = inferShape(shape, x.length(), x.shape());
        INDArray out = x.reshape('c', target);
        long[] original = x.shape();
        return Tensor.result("reshape", out, (g, needs) -> new INDArray[]{g.reshape('c', original)}, a);
    }

    public static Tensor flatten(Tensor a, int startDim) {
        long[] s = a.shape();
        int start = startDim < 0 ? startDim + s.length : startDim;
        long[] out = new long[start + 1];
        System.arraycopy(s, 0, out, 0, start);
        long rest = 1;
        for (int i = start; i < s.length; i++) rest *= s[i];
        out[start] = rest;
        return reshape(a, out);
    }

    public static Tensor unsqueeze(Tensor a, int dim) {
        long[] s = a.shape();
        int d = dim < 0 ? dim + s.length + 1 : dim;
        long[] out = new long[s.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == d ? 1 : s[j++];
        return reshape(a, out);
    }

    public static Tensor squeeze(Tensor a, int dim) {
        long[] s = a.shape();
        int d = dim < 0 ? dim + s.length : dim;
        if (s[d] != 1) throw new IllegalArgumentException("cannot squeeze dim " + dim + " of size " + s[d]);
        return reshape(a, Reductions.removeDim(s, d));
    }

    public static Tensor permute(Tensor a, int... axes) {
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) inverse[axes[i]] = i;
        INDArray out = a.value().permute(axes).dup('c');
        return Tensor.result("permute", out, (g, needs) -> new INDArray[]{g.permute(inverse).dup('c')}, a);
    }

    public static Tensor transpose(Tensor a, int d0, int d1) {
        int r = a.dim();
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) axes[i] = i;
        int x = d0 < 0 ? d0 + r : d0, y = d1 < 0 ? d1 + r : d1;
        axes[x] = y;
        axes[y] = x;
        return permute(a, axes);
    }

    /** Elements start..end-1 along dim. */
    public static Tensor slice(Tensor a, int dim, long start, long end) {
        INDArray x = a.value();
        int d = dim < 0 ? dim + x.rank() : dim;
        if (start < 0 || end > x.size(d) || start >= end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") out of range for dim " + d + " of size " + x.size(d));
        }
        INDArrayIndex[] idx = region(x.rank(), d, start, end);
        INDArray out = x.get(idx).dup('c');
        long[] shape = x.shape();
        return Tensor.result("slice", out, (g, needs) -> {
            INDArray gx = Nd4j.zeros(g.dataType(), shape);
            gx.get(idx).assign(g);
            return new INDArray[]{gx};
        }, a);
    }

    /** The index-th element along dim, with that dim removed. */
    public static Tensor select(Tensor a, int dim, long index) {
        int d = dim < 0 ? dim + a.dim() : dim;
        return squeeze(slice(a, d, index, index + 1), d);
    }

    public static Tensor concat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat of nothing");
        int d = dim < 0 ? dim + parts.get(0).dim() : dim;
        INDArray[] values = parts.stream().map(Tensor::value).toArray(INDArray[]::new);
        INDArray out = Nd4j.concat(d, values);
        long[] sizes = parts.stream().mapToLong(p -> p.size(d)).toArray();
        return Tensor.result("concat", out, (g, needs) -> {
            INDArray[] grads = new INDArray[sizes.length];
            long offset = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (needs[i]) grads[i] = g.get(region(g.rank(), d, offset, offset + sizes[i])).dup('c');
                offset += sizes[i];
            }
            return grads;
        }, parts.toArray(new Tensor[0]));
    }

    public static Tensor stack(List<Tensor> parts, int dim) {
        return concat(parts.stream().map(p -> unsqueeze(p, dim)).toList(), dim);
    }

    /** Broadcasts to a larger shape (numpy rules); the gradient is summed back. */
    public static Tensor expand(Tensor a, long... shape) {
        long[] s = a.shape();
        INDArray out = Broadcasting.expandTo(a.value(), shape);
        return Tensor.result("expand", out, (g, needs) -> new INDArray[]{Broadcasting.reduceTo(g, s)}, a);
    }

    /** Zero padding of the last two dims (left, right, top, bottom), PyTorch F.pad order for 4-D input. */
    public static Tensor pad2d(Tensor a, int left, int right, int top, int bottom) {
        INDArray x = a.value();
        long[] s = x.shape();
        int r = s.length;
        long[] outShape = s.clone();
        outShape[r - 2] += top + bottom;
        outShape[r - 1] += left + right;
        INDArray out = Nd4j.zeros(x.dataType(), outShape);
        INDArrayIndex[] inner = new INDArrayIndex[r];
        for (int i = 0; i < r - 2; i++) inner[i] = NDArrayIndex.all();
        inner[r - 2] = NDArrayIndex.interval(top, top + s[r - 2]);
        inner[r - 1] = NDArrayIndex.interval(left, left + s[r - 1]);
        out.get(inner).assign(x);
        return Tensor.result("pad2d", out, (g, needs) -> new INDArray[]{g.get(inner).dup('c')}, a);
    }

    static INDArrayIndex[] region(int rank, int dim, long start, long end) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) idx[i] = i == dim ? NDArrayIndex.interval(start, end) : NDArrayIndex.all();
        return idx;
    }

    static long[] leftPad(long[] s, int rank) {
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        System.arraycopy(s, 0, out, rank - s.length, s.length);
        return out;
    }

    static long[] inferShape(long[] shape, long length, long[] from) {
        long[] out = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("only one -1 allowed in " + Arrays.toString(shape));
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) out[unknown] = known == 0 ? 0 : length / known;
        long total = Arrays.stream(out).reduce(1, (p, q) -> p * q);
        if (total != length) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(shape));
        }
        return out;
    }
}
