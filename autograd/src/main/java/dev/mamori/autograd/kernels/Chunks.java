package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * Runs an element-wise kernel over contiguous float32 arrays in cache-sized chunks, in parallel: each chunk of every
 * input is copied into a Java array of its part (a bulk copy), the kernel runs over plain float[] (which the JIT
 * vectorizes; direct-buffer accesses it does not), and the outputs are copied back.
 */
final class Chunks {
    private static final int CHUNK = 1 << 15; // 32K floats = 128 KB per array: inputs and outputs stay in L2
    private static final int SLOTS = 7;

    private Chunks() {}

    /** An element-wise kernel over {@code n} elements of the given input and output arrays. */
    @FunctionalInterface
    interface Body {
        void run(float[][] in, float[][] out, int n);
    }

    /** A kernel over {@code rows} whole rows (starting at row {@code firstRow}); {@code chunk} numbers the call. */
    @FunctionalInterface
    interface RowBody {
        void run(float[][] in, float[][] out, int rows, int firstRow, int chunk);
    }

    static void map(INDArray[] inputs, INDArray[] outputs, Body body) {
        mapRows(inputs, outputs, 1, (in, out, rows, first, chunk) -> body.run(in, out, rows));
    }

    /** The number of chunks {@link #mapRows} cuts {@code rows} rows of {@code rowLength} into. */
    static int chunkCount(long rows, int rowLength) {
        int perChunk = rowsPerChunk(rowLength);
        return (int) ((rows + perChunk - 1) / perChunk);
    }

    private static int rowsPerChunk(int rowLength) {
        return Math.max(1, CHUNK / rowLength);
    }

    /**
     * Like {@link #map} for kernels that need whole rows of {@code rowLength} elements (normalizations over the last
     * dim): every chunk holds a whole number of rows (one row when a row is longer than a chunk).
     */
    static void mapRows(INDArray[] inputs, INDArray[] outputs, int rowLength, RowBody body) {
        if (inputs.length + outputs.length > SLOTS) throw new IllegalArgumentException("at most " + SLOTS + " arrays");
        long totalRows = inputs[0].length() / rowLength;
        int perChunk = rowsPerChunk(rowLength);
        int chunks = chunkCount(totalRows, rowLength);
        FloatBuffer[] inBufs = new FloatBuffer[inputs.length];
        FloatBuffer[] outBufs = new FloatBuffer[outputs.length];
        for (int i = 0; i < inputs.length; i++) inBufs[i] = inputs[i].data().asNioFloat();
        for (int i = 0; i < outputs.length; i++) outBufs[i] = outputs[i].data().asNioFloat();
        int largest = (int) Math.min((long) perChunk * rowLength, totalRows * rowLength);
        Parts.forEach(chunks, () -> new float[inputs.length + outputs.length][largest], (scratch, c) -> {
            int firstRow = c * perChunk, rows = (int) Math.min(perChunk, totalRows - firstRow);
            int from = firstRow * rowLength, n = rows * rowLength;
            float[][] in = new float[inputs.length][];
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < in.length; i++) in[i] = scratch[i];
            for (int i = 0; i < out.length; i++) out[i] = scratch[in.length + i];
            for (int i = 0; i < in.length; i++) inBufs[i].duplicate().position(from).get(in[i], 0, n);
            body.run(in, out, rows, firstRow, c);
            for (int i = 0; i < out.length; i++) outBufs[i].duplicate().position(from).put(out[i], 0, n);
        });
    }
}
