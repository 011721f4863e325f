package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Fused batch normalization over dim 1 of a float32 [N, C, ...] array: per channel, one pass for the statistics and
 * one for the output; backward, one pass for the two reductions and one for the input gradient. Channels run in
 * parallel. Statistics accumulate in double, like the reference path's results within float rounding.
 */
public final class BatchNormKernel {
    private BatchNormKernel() {}

    /** Output and batch statistics of a training-mode forward pass. */
    public record Forward(INDArray output, float[] mean, float[] rstd, float[] varBiased) {}

    public static Forward trainForward(INDArray x, float[] weight, float[] bias, double eps) {
        int n = (int) x.size(0), c = (int) x.size(1), hw = (int) (x.length() / ((long) n * c));
        FloatBuffer in = x.data().asNioFloat();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        FloatBuffer o = out.data().asNioFloat();
        float[] mean = new float[c], rstd = new float[c], var = new float[c];
        IntStream.range(0, c).parallel().forEach(ch -> {
            double s = 0, ss = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = 0; j < hw; j++) {
                    float v = in.get(base + j);
                    s += v;
                    ss += (double) v * v;
                }
            }
            double cnt = (double) n * hw;
            double m = s / cnt;
            double vb = Math.max(0, ss / cnt - m * m);
            double r = 1.0 / Math.sqrt(vb + eps);
            mean[ch] = (float) m;
            rstd[ch] = (float) r;
            var[ch] = (float) vb;
            float k = (float) (r * weight[ch]);
            float shift = (float) (bias[ch] - m * r * weight[ch]);
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = 0; j < hw; j++) o.put(base + j, in.get(base + j) * k + shift);
            }
        });
        return new Forward(out, mean, rstd, var);
    }

    /** Gradients of a training-mode pass: [dx, dweight, dbias] (dx null unless wanted). */
    public static INDArray[] trainBackward(INDArray x, INDArray g, float[] weight, float[] mean, float[] rstd, boolean wantDx) {
        int n = (int) x.size(0), c = (int) x.size(1), hw = (int) (x.length() / ((long) n * c));
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        INDArray dx = wantDx ? Nd4j.createUninitialized(DataType.FLOAT, x.shape()) : null;
        FloatBuffer d = wantDx ? dx.data().asNioFloat() : null;
        float[] dw = new float[c], db = new float[c];
        double cnt = (double) n * hw;
        IntStream.range(0, c).parallel().forEach(ch -> {
            float m = mean[ch], r = rstd[ch];
            double sumG = 0, sumGX = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = 0; j < hw; j++) {
                    float gv = gb.get(base + j);
                    sumG += gv;
                    sumGX += gv * ((in.get(base + j) - m) * r);
                }
            }
            dw[ch] = (float) sumGX;
            db[ch] = (float) sumG;
            if (d != null) {
                // dx = w r / n (n g - sum(g) - xhat sum(g xhat))
                float k = weight[ch] * r;
                float a = (float) (sumG / cnt), b = (float) (sumGX / cnt);
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        float xhat = (in.get(base + j) - m) * r;
                        d.put(base + j, k * (gb.get(base + j) - a - xhat * b));
                    }
                }
            }
        });
        return new INDArray[]{dx, Nd4j.createFromArray(dw), Nd4j.createFromArray(db)};
    }

    /** y = x * scale[c] + shift[c] (eval-mode batch norm, or any per-channel affine map). */
    public static INDArray channelAffine(INDArray x, float[] scale, float[] shift) {
        int n = (int) x.size(0), c = (int) x.size(1), hw = (int) (x.length() / ((long) n * c));
        FloatBuffer in = x.data().asNioFloat();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        FloatBuffer o = out.data().asNioFloat();
        IntStream.range(0, n * c).parallel().forEach(plane -> {
            int ch = plane % c, base = plane * hw;
            float k = scale[ch], s = shift == null ? 0f : shift[ch];
            for (int j = 0; j < hw; j++) o.put(base + j, in.get(base + j) * k + s);
        });
        return out;
    }

    /** Per-channel sums of g and of g * (x - mean) * rstd (the weight and bias gradients of batch norm). */
    public static float[][] channelSums(INDArray x, INDArray g, float[] mean, float[] rstd) {
        int n = (int) x.size(0), c = (int) x.size(1), hw = (int) (x.length() / ((long) n * c));
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        float[] sumG = new float[c], sumGX = new float[c];
        IntStream.range(0, c).parallel().forEach(ch -> {
            double s = 0, sx = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * hw;
                for (int j = 0; j < hw; j++) {
                    float gv = gb.get(base + j);
                    s += gv;
                    sx += gv * ((in.get(base + j) - mean[ch]) * rstd[ch]);
                }
            }
            sumG[ch] = (float) s;
            sumGX[ch] = (float) sx;
        });
        return new float[][]{sumG, sumGX};
    }
}
