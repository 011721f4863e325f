package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Runs an element-wise kernel over contiguous float32 arrays in cache-sized chunks, in parallel: each chunk of every
 * input is copied into a per-thread Java array (a bulk copy), the kernel runs over plain float[] (which the JIT
 * vectorizes; direct-buffer accesses it does not), and the outputs are copied back.
 */
final class Chunks {
    private static final int CHUNK = 1 << 15; // 32K floats = 128 KB per array: inputs and outputs stay in L2
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][CHUNK]);

    private Chunks() {}

    /** An element-wise kernel over {@code n} elements of the given input and output arrays. */
    @FunctionalInterface
    interface Body {
        void run(float[][] in, float[][] out, int n);
    }

    static void map(INDArray[] inputs, INDArray[] outputs, Body body) {
        int total = (int) inputs[0].length();
        int chunks = (total + CHUNK - 1) / CHUNK;
        FloatBuffer[] inBufs = new FloatBuffer[inputs.length];
        FloatBuffer[] outBufs = new FloatBuffer[outputs.length];
        for (int i = 0; i < inputs.length; i++) inBufs[i] = inputs[i].data().asNioFloat();
        for (int i = 0; i < outputs.length; i++) outBufs[i] = outputs[i].data().asNioFloat();
        IntStream.range(0, chunks).parallel().forEach(c -> {
            float[][] scratch = SCRATCH.get();
            float[][] in = new float[inputs.length][];
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < in.length; i++) in[i] = scratch[i];
            for (int i = 0; i < out.length; i++) out[i] = scratch[in.length + i];
            int from = c * CHUNK, n = Math.min(CHUNK, total - from);
            for (int i = 0; i < in.length; i++) inBufs[i].duplicate().position(from).get(in[i], 0, n);
            body.run(in, out, n);
            for (int i = 0; i < out.length; i++) outBufs[i].duplicate().position(from).put(out[i], 0, n);
        });
    }
}
