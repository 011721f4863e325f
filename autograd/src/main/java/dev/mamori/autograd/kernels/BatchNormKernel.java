package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Fused batch normalization over dim 1 of a float32 [N, C, ...] array: per channel, one pass for the statistics and
 * one for the output; backward, one pass for the two reductions and one for the input gradient. Channels run in
 * parallel; each channel's planes are copied into a Java array once (bulk copies), so that the element loops run
 * over plain float[] (which the JIT vectorizes) instead of one direct-buffer access per element. Statistics
 * accumulate in double, like the reference path's results within float rounding.
 */
public final class BatchNormKernel {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private BatchNormKernel() {}

    /** Output and batch statistics of a training-mode forward pass. */
    public record Forward(INDArray output, float[] mean, float[] rstd, float[] varBiased) {}

    /** Sizes of one call: n samples, c channels, hw elements per plane. */
    private record Planes(int n, int c, int hw) {
        static Planes of(INDArray x) {
            int n = (int) x.size(0), c = (int) x.size(1);
            return new Planes(n, c, (int) (x.length() / ((long) n * c)));
        }

        int perChannel() { return n * hw; }

        /** All planes of channel ch, one after the other, into dst[0 .. n hw). */
        void gather(FloatBuffer src, int ch, float[] dst) {
            for (int i = 0; i < n; i++) src.get((i * c + ch) * hw, dst, i * hw, hw);
        }

        void scatter(float[] src, int ch, FloatBuffer dst) {
            for (int i = 0; i < n; i++) dst.put((i * c + ch) * hw, src, i * hw, hw);
        }
    }

    /** This thread's two scratch arrays of at least {@code size} floats. */
    private static float[][] scratch(int size) {
        float[][] s = SCRATCH.get();
        if (s[0].length < size) {
            s = new float[][]{new float[size], new float[size]};
            SCRATCH.set(s);
        }
        return s;
    }

    public static Forward trainForward(INDArray x, float[] weight, float[] bias, double eps) {
        Planes p = Planes.of(x);
        FloatBuffer in = x.data().asNioFloat();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        FloatBuffer o = out.data().asNioFloat();
        float[] mean = new float[p.c], rstd = new float[p.c], var = new float[p.c];
        int len = p.perChannel();
        IntStream.range(0, p.c).parallel().forEach(ch -> {
            float[] v = scratch(len)[0];
            p.gather(in, ch, v);
            double s = 0, ss = 0;
            for (int j = 0; j < len; j++) {
                float e = v[j];
                s += e;
                ss += (double) e * e;
            }
            double m = s / len;
            double vb = Math.max(0, ss / len - m * m);
            double r = 1.0 / Math.sqrt(vb + eps);
            mean[ch] = (float) m;
            rstd[ch] = (float) r;
            var[ch] = (float) vb;
            float k = (float) (r * weight[ch]);
            float shift = (float) (bias[ch] - m * r * weight[ch]);
            for (int j = 0; j < len; j++) v[j] = v[j] * k + shift;
            p.scatter(v, ch, o);
        });
        return new Forward(out, mean, rstd, var);
    }

    /** Gradients of a training-mode pass: [dx, dweight, dbias] (dx null unless wanted). */
    public static INDArray[] trainBackward(INDArray x, INDArray g, float[] weight, float[] mean, float[] rstd, boolean wantDx) {
        Planes p = Planes.of(x);
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        INDArray dx = wantDx ? Nd4j.createUninitialized(DataType.FLOAT, x.shape()) : null;
        FloatBuffer d = wantDx ? dx.data().asNioFloat() : null;
        float[] dw = new float[p.c], db = new float[p.c];
        int len = p.perChannel();
        IntStream.range(0, p.c).parallel().forEach(ch -> {
            float[][] s = scratch(len);
            float[] xs = s[0], gs = s[1];
            p.gather(in, ch, xs);
            p.gather(gb, ch, gs);
            float m = mean[ch], r = rstd[ch];
            double sumG = 0, sumGX = 0;
            for (int j = 0; j < len; j++) {
                float gv = gs[j];
                sumG += gv;
                sumGX += gv * ((xs[j] - m) * r);
            }
            dw[ch] = (float) sumGX;
            db[ch] = (float) sumG;
            if (d != null) {
                // dx = w r / n (n g - sum(g) - xhat sum(g xhat))
                float k = weight[ch] * r;
                float a = (float) (sumG / len), b = (float) (sumGX / len);
                for (int j = 0; j < len; j++) gs[j] = k * (gs[j] - a - (xs[j] - m) * r * b);
                p.scatter(gs, ch, d);
            }
        });
        return new INDArray[]{dx, Nd4j.createFromArray(dw), Nd4j.createFromArray(db)};
    }

    /**
     * y = x * scale[c] + shift[c] (eval-mode batch norm, or any per-channel affine map); shift may be null. One loop
     * over each whole sample with the constants spread per element (small planes would leave most of a per-plane loop
     * in its scalar remainder).
     */
    public static INDArray channelAffine(INDArray x, float[] scale, float[] shift) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        float[] k = ChannelPlanes.perElement(x, scale), b = ChannelPlanes.perElement(x, shift == null ? new float[scale.length] : shift);
        ChannelPlanes.mapSamples(x, new INDArray[]{x}, new INDArray[]{out}, (in, o, n) -> {
            float[] xs = in[0], y = o[0];
            for (int i = 0; i < n; i++) y[i] = xs[i] * k[i] + b[i];
        });
        return out;
    }

    /** Per-channel sums of g and of g * (x - mean) * rstd (the weight and bias gradients of batch norm). */
    public static float[][] channelSums(INDArray x, INDArray g, float[] mean, float[] rstd) {
        Planes p = Planes.of(x);
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        float[] sumG = new float[p.c], sumGX = new float[p.c];
        int len = p.perChannel();
        IntStream.range(0, p.c).parallel().forEach(ch -> {
            float[][] s = scratch(len);
            p.gather(in, ch, s[0]);
            p.gather(gb, ch, s[1]);
            double a = 0, ax = 0;
            for (int j = 0; j < len; j++) {
                float gv = s[1][j];
                a += gv;
                ax += gv * ((s[0][j] - mean[ch]) * rstd[ch]);
            }
            sumG[ch] = (float) a;
            sumGX[ch] = (float) ax;
        });
        return new float[][]{sumG, sumGX};
    }
}
