package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * Runs a per-channel element-wise kernel over contiguous float32 [N, C, ...] arrays: samples in parallel, each
 * sample's [C, ...] block of every array copied into a Java array of its part once (a bulk copy), then the kernel
 * called once over the whole sample, with per-channel constants spread to one value per element ({@link #perElement}).
 * A loop per channel plane instead (49 floats on the ConvMixer's 7x7 maps) spent most of its elements in the scalar
 * remainder of the vectorized loop; a loop over the sample's 6,272 floats almost none.
 */
final class ChannelPlanes {
    private static final int SLOTS = 4;

    private ChannelPlanes() {}

    /** A kernel over elements [0, n) of the scratch arrays: one whole sample. */
    @FunctionalInterface
    interface SampleBody {
        void run(float[][] in, float[][] out, int n);
    }

    /** One value per element of a sample of {@code shape} ([C, ...]): perChannel[c] repeated over channel c's plane. */
    static float[] perElement(INDArray shape, float[] perChannel) {
        int c = (int) shape.size(1), plane = (int) (shape.length() / (shape.size(0) * c));
        float[] out = new float[c * plane];
        for (int ch = 0; ch < c; ch++) java.util.Arrays.fill(out, ch * plane, (ch + 1) * plane, perChannel[ch]);
        return out;
    }

    /** {@code shape} gives N, C and the plane size; inputs and outputs have its length. */
    static void mapSamples(INDArray shape, INDArray[] inputs, INDArray[] outputs, SampleBody body) {
        if (inputs.length + outputs.length > SLOTS) throw new IllegalArgumentException("at most " + SLOTS + " arrays");
        int n = (int) shape.size(0), c = (int) shape.size(1);
        int plane = (int) (shape.length() / ((long) n * c)), sample = c * plane;
        FloatBuffer[] inBufs = new FloatBuffer[inputs.length];
        FloatBuffer[] outBufs = new FloatBuffer[outputs.length];
        for (int i = 0; i < inputs.length; i++) inBufs[i] = inputs[i].data().asNioFloat();
        for (int i = 0; i < outputs.length; i++) outBufs[i] = outputs[i].data().asNioFloat();
        Parts.forEach(n, () -> new float[inputs.length + outputs.length][sample], (scratch, s) -> {
            float[][] in = new float[inputs.length][];
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < in.length; i++) in[i] = scratch[i];
            for (int i = 0; i < out.length; i++) out[i] = scratch[in.length + i];
            for (int i = 0; i < in.length; i++) inBufs[i].get(s * sample, in[i], 0, sample);
            body.run(in, out, sample);
            for (int i = 0; i < out.length; i++) outBufs[i].put(s * sample, out[i], 0, sample);
        });
    }
}
