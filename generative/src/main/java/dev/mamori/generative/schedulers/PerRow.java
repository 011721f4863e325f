package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** Per-row scheduler coefficients as constant tensors that broadcast over the rest of a sample. */
final class PerRow {
    private PerRow() {}

    /** Timesteps for a batch of {@code rows}: one per row, or one for every row. */
    static long[] timesteps(long[] t, long rows) {
        if (t.length == rows) return t;
        if (t.length == 1) {
            long[] out = new long[Math.toIntExact(rows)];
            Arrays.fill(out, t[0]);
            return out;
        }
        throw new IllegalArgumentException(t.length + " timesteps for a batch of " + rows + " (give one per row, or one for all)");
    }

    /** values [B] as a constant [B, 1, ..., 1] of {@code like}'s rank and data type. */
    static Tensor of(double[] values, Tensor like) {
        long[] shape = new long[like.dim()];
        Arrays.fill(shape, 1);
        shape[0] = values.length;
        return Tensor.of(Nd4j.create(values, shape, 'c').castTo(like.dataType()));
    }

    /** values [B] as a constant vector [B] (per-row variances and standard deviations). */
    static Tensor vector(double[] values, Tensor like) {
        return Tensor.of(Nd4j.create(values, new long[]{values.length}, 'c').castTo(like.dataType()));
    }

    /** f applied to every element. */
    static double[] map(double[] v, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = f.applyAsDouble(v[i]);
        return out;
    }
}
