package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The backward pass of a depthwise convolution (channel multiplier 1, stride 1, dilation 1, zero padding) of float32
 * NCHW input, the ConvMixer's mixing layer. libnd4j's depthwise_conv2d_bp took about 14 ms on [128, 128, 7, 7] with a
 * 5x5 kernel, three to four times its forward pass, and was the largest item of the ConvMixer's input gradient; this
 * kernel takes about 7-8 ms on 2 cores. The forward pass stays libnd4j's (oneDNN, 2-4 ms; the same scheme in Java
 * took 4.7 ms, most of it in the layout changes).
 *
 * <p>Each sample is turned channels-last into a zero-padded buffer. Then for one output row and one kernel tap, the
 * input it reads is one contiguous run of (output width x channels) values, and the tap's weights repeat along it
 * with period "channels": each tap is one long multiply-add over a row. The loops run over scratch arrays indexed
 * from 0, because JDK 17's JIT vectorizes those and not loops over offsets into larger arrays (measured 3-5x slower).
 * Samples run in parallel; the weight and bias gradients are summed per thread, then merged.
 */
public final class DepthwiseConvKernel {
    private DepthwiseConvKernel() {}

    /** Whether the kernel computes this convolution (otherwise libnd4j's op does). */
    public static boolean handles(long multiplier, int[] stride, int[] dilation) {
        return multiplier == 1 && stride[0] == 1 && stride[1] == 1 && dilation[0] == 1 && dilation[1] == 1;
    }

    /** Shapes of one call: input [n, c, h, w], kernel kh x kw, padding ph, pw; output oh x ow. */
    private record Geometry(int n, int c, int h, int w, int kh, int kw, int ph, int pw) {
        static Geometry of(INDArray x, INDArray weight, int ph, int pw) {
            return new Geometry((int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3),
                    (int) weight.size(2), (int) weight.size(3), ph, pw);
        }

        int oh() { return h + 2 * ph - kh + 1; }
        int ow() { return w + 2 * pw - kw + 1; }
        int paddedW() { return w + 2 * pw; }
        int paddedLength() { return (h + 2 * ph) * paddedW() * c; }
        int taps() { return kh * kw; }

        /** Sample s of x (NCHW) into a zeroed channels-last buffer with the padding border. */
        float[] paddedChannelsLast(FloatBuffer x, int s) {
            int hw = h * w;
            float[] plane = new float[c * hw];
            x.duplicate().position(s * c * hw).get(plane);
            float[] padded = new float[paddedLength()];
            int pwid = paddedW();
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int src = ch * hw + y * w, dst = ((y + ph) * pwid + pw) * c + ch;
                    for (int xx = 0; xx < w; xx++, dst += c) padded[dst] = plane[src + xx];
                }
            }
            return padded;
        }
    }

    /** PyTorch weight [c, 1, kh, kw] as taps x channels: taps[(i kw + j) c + ch] = weight[ch, 0, i, j]. */
    private static float[] tapsChannelsLast(INDArray weight, int c, int taps) {
        float[] w = CpuKernels.contiguous(weight).data().asFloat();
        float[] t = new float[taps * c];
        for (int ch = 0; ch < c; ch++) {
            for (int k = 0; k < taps; k++) t[k * c + ch] = w[ch * taps + k];
        }
        return t;
    }

    /** Each tap's weights repeated along an output row: rows[t][xx c + ch] = taps[t c + ch]. */
    private static float[][] tapRows(float[] taps, int c, int count, int ow) {
        float[][] rows = new float[count][ow * c];
        for (int t = 0; t < count; t++) {
            for (int xx = 0; xx < ow; xx++) System.arraycopy(taps, t * c, rows[t], xx * c, c);
        }
        return rows;
    }

    /**
     * Gradients [dx, dweight, dbias] for the upstream gradient {@code grad} [n, c, oh, ow]: dx (null unless wanted)
     * in x's shape, dweight in PyTorch's [c, 1, kh, kw], dbias [c] (both null unless wanted). An attack's input
     * gradient wants dx only; skipping the weight gradient's multiply-add (as long as dx's) and the padded copy of
     * the input it reads halves the kernel's work.
     */
    public static INDArray[] backward(INDArray x, INDArray weight, INDArray grad, int ph, int pw, boolean wantDx, boolean wantParams) {
        Geometry g = Geometry.of(x, weight, ph, pw);
        int c = g.c, oh = g.oh(), ow = g.ow(), pwid = g.paddedW(), kh = g.kh, kw = g.kw, taps = g.taps(), len = ow * c;
        float[][] rows = tapRows(tapsChannelsLast(weight, c, taps), c, taps, ow);
        FloatBuffer in = CpuKernels.contiguous(x).data().asNioFloat();
        FloatBuffer gb = CpuKernels.contiguous(grad).data().asNioFloat();
        INDArray dx = wantDx ? Nd4j.createUninitialized(DataType.FLOAT, x.shape()) : null;
        FloatBuffer d = wantDx ? dx.data().asNioFloat() : null;
        int parts = Math.min(g.n, ForkJoinPool.getCommonPoolParallelism() + 1);
        // per part: the weight gradient of each tap and the bias gradient, still spread along an output row
        float[][][] dwRows = new float[parts][wantParams ? taps : 0][len];
        float[][] dbRows = new float[parts][wantParams ? len : 0];
        IntStream.range(0, parts).parallel().forEach(part -> {
            float[][] dw = dwRows[part];
            float[] db = dbRows[part], up = new float[len], seg = new float[len], dseg = new float[len];
            float[] plane = new float[c * oh * ow];
            for (int s = part * g.n / parts; s < (part + 1) * g.n / parts; s++) {
                float[] padded = wantParams ? g.paddedChannelsLast(in, s) : null;
                gb.duplicate().position(s * c * oh * ow).get(plane);
                float[] upAll = channelsLast(plane, c, oh * ow);
                float[] dpad = wantDx ? new float[g.paddedLength()] : null;
                for (int y = 0; y < oh; y++) {
                    System.arraycopy(upAll, y * len, up, 0, len);
                    if (wantParams) for (int k = 0; k < len; k++) db[k] += up[k];
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            int t = i * kw + j, off = ((y + i) * pwid + j) * c;
                            if (wantParams) {
                                System.arraycopy(padded, off, seg, 0, len);
                                float[] dwt = dw[t];
                                for (int k = 0; k < len; k++) dwt[k] += up[k] * seg[k];
                            }
                            if (wantDx) {
                                float[] tap = rows[t];
                                System.arraycopy(dpad, off, dseg, 0, len);
                                for (int k = 0; k < len; k++) dseg[k] += tap[k] * up[k];
                                System.arraycopy(dseg, 0, dpad, off, len);
                            }
                        }
                    }
                }
                if (wantDx) d.duplicate().position(s * c * g.h * g.w).put(cropChannelsFirst(dpad, g));
            }
        });
        if (!wantParams) return new INDArray[]{dx, null, null};
        float[] dwTorch = new float[taps * c], db = new float[c];
        for (int p = 0; p < parts; p++) {
            for (int xx = 0; xx < ow; xx++) {
                for (int ch = 0; ch < c; ch++) {
                    db[ch] += dbRows[p][xx * c + ch];
                    for (int t = 0; t < taps; t++) dwTorch[ch * taps + t] += dwRows[p][t][xx * c + ch];
                }
            }
        }
        return new INDArray[]{dx, Nd4j.create(dwTorch, new long[]{c, 1, kh, kw}, DataType.FLOAT), Nd4j.create(db, new long[]{c}, DataType.FLOAT)};
    }

    /** [c, positions] to [positions, c]. */
    private static float[] channelsLast(float[] plane, int c, int positions) {
        float[] t = new float[plane.length];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < positions; p++) t[p * c + ch] = plane[ch * positions + p];
        }
        return t;
    }

    /** The interior (unpadded) part of a padded channels-last buffer, channels first: one sample of dx. */
    private static float[] cropChannelsFirst(float[] dpad, Geometry g) {
        int c = g.c, hw = g.h * g.w, pwid = g.paddedW();
        float[] plane = new float[c * hw];
        for (int y = 0; y < g.h; y++) {
            for (int xx = 0; xx < g.w; xx++) {
                int src = ((y + g.ph) * pwid + xx + g.pw) * c, dst = y * g.w + xx;
                for (int ch = 0; ch < c; ch++) plane[ch * hw + dst] = dpad[src + ch];
            }
        }
        return plane;
    }
}
