package dev.mamori.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Numpy broadcasting rules, and the reverse: summing a gradient back to the shape of a broadcast input. */
public final class Broadcasting {
    private Broadcasting() {}

    /** Sums {@code grad} over the axes along which an input of shape {@code shape} was broadcast. */
    public static INDArray reduceTo(INDArray grad, long[] shape) {
        long[] g = grad.shape();
        if (Arrays.equals(g, shape)) return grad;
        int lead = g.length - shape.length;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            if (i < lead) {
                axes.add(i);
            } else if (shape[i - lead] == 1 && g[i] != 1) {
                axes.add(i);
            }
        }
        INDArray summed = axes.isEmpty() ? grad : grad.sum(true, axes.stream().mapToInt(Integer::intValue).toArray());
        return summed.reshape('c', shape.length == 0 ? new long[0] : shape);
    }

    /**
     * {@code x} with leading 1s added up to {@code rank} (a view). ND4J broadcasts two arrays of different ranks only
     * when one of them already has the result's shape ([2,3,4] + [4]); [3,1] + [4] fails, [3,1] + [1,4] works.
     */
    static INDArray sameRank(INDArray x, int rank) {
        if (x.rank() >= rank) return x;
        return x.reshape('c', Shapes.leftPad(x.shape(), rank));
    }

    /**
     * A contiguous copy of {@code a} broadcast to {@code shape} (a's shape left-padded with 1s must broadcast to it).
     * Zeros plus a broadcasting add: INDArray.broadcast(...).dup() measured 29 ms against 2 ms for this on
     * [128, 128, 1, 1] -> [128, 128, 7, 7].
     */
    public static INDArray expandTo(INDArray a, long[] shape) {
        long[] padded = new long[shape.length];
        java.util.Arrays.fill(padded, 1);
        System.arraycopy(a.shape(), 0, padded, shape.length - a.rank(), a.rank());
        return org.nd4j.linalg.factory.Nd4j.zeros(a.dataType(), shape).addi(a.reshape('c', padded));
    }

    /** The broadcast shape of two shapes, or an error naming both. */
    public static long[] shape(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            long y = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = Math.max(x, y);
        }
        return out;
    }
}
