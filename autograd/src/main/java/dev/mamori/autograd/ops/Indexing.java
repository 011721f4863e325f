package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        return Tensor.result("embedding", out, (g, needs) -> new INDArray[]{scatterAddRows(g.reshape('c', flat.length(), dim), flat, num)}, weight);
    }

    /**
     * The [num, dim] table whose row r is the sum of the rows of {@code rows} [n, dim] whose index is r: the gradient
     * of a row lookup. Written as scatter_add into zeros, not unsorted_segment_sum: libnd4j 1.0.0-M2.1's
     * unsorted_segment_sum on a 2-D input never frees about 110 bytes per output row (~110 KB a call for 1024 rows,
     * measured with a fixed pre-touched heap; the 1-D form and scatter_add stay flat), which made every training loop
     * through an embedding grow until it was killed. The lock argument runs scatter_add on one thread, so repeated
     * indices add up in order instead of racing (its default splits the indices across threads).
     */
    static INDArray scatterAddRows(INDArray rows, INDArray indices, long num) {
        INDArray table = Nd4j.zeros(rows.dataType(), num, rows.size(1));
        if (indices.length() == 0) return table;
        NativeOps.execInto("scatter_add", new INDArray[]{table, indices, rows}, new INDArray[]{table}, null, null, new boolean[]{true});
        return table;
    }

    /** Rows of a 2-D tensor picked by index (gradient scattered back). */
    public static Tensor indexSelectRows(Tensor x, INDArray indices) {
        return embedding(indices, x);
    }
}
