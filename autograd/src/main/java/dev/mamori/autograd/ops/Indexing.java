package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Row lookups (embedding) and their scatter-add gradients. */
public final class Indexing {
    private Indexing() {}

    /** weight[indices]: output shape indices.shape + [dim]. Indices are an integer array (not differentiable). */
    public static Tensor embedding(INDArray indices, Tensor weight) {
        INDArray w = weight.value();
        long num = w.size(0), dim = w.size(1);
        INDArray flat = indices.reshape(new long[]{indices.length()}).castTo(DataType.INT64);
        long max = flat.length() == 0 ? 0 : flat.maxNumber().longValue();
        long min = flat.length() == 0 ? 0 : flat.minNumber().longValue();
        if (min < 0 || max >= num) {
            throw new IndexOutOfBoundsException("embedding index out of range [0, " + num + "): min " + min + ", max " + max);
        }
        INDArray rows = NativeOps.exec("gather", new INDArray[]{w, flat}, 0)[0];
        long[] outShape = Arrays.copyOf(indices.shape(), indices.rank() + 1);
        outShape[indices.rank()] = dim;
        INDArray out = rows.reshape('c', outShape);
        return Tensor.result("embedding", out, (g, needs) -> {
            INDArray g2 = g.reshape('c', flat.length(), dim);
            INDArray gw = NativeOps.exec("unsorted_segment_sum", new INDArray[]{g2, flat}, num)[0];
            return new INDArray[]{gw};
        }, weight);
    }

    /** Rows of a 2-D tensor picked by index (gradient scattered back). */
    public static Tensor indexSelectRows(Tensor x, INDArray indices) {
        return embedding(indices, x);
    }
}
