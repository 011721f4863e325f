package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), and its derivative cdf(x) + x pdf(x), fused into one pass each over
 * float32 data. libnd4j's erf is a scalar loop (2.4 ms on [128, 128, 7, 7]); here erf is the rational approximation
 * that Eigen and XLA use for float32 (error below 4e-7 on the whole line) and exp(-x^2/2) a short Taylor series
 * followed by repeated squaring, both pure multiply-adds the JIT vectorizes.
 */
public final class GeluKernel {
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.39894228040143268f;

    private GeluKernel() {}

    /**
     * [output, derivative]: the derivative cdf(x) + x pdf(x) is computed here, where cdf already is, and kept for the
     * backward pass, which is then one product (see {@link #backward}).
     */
    public static INDArray[] forward(INDArray x) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        INDArray derivative = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        Chunks.map(new INDArray[]{x}, new INDArray[]{out, derivative}, (in, o, n) -> {
            float[] xs = in[0], y = o[0], d = o[1];
            cdf(xs, d, n);
            for (int i = 0; i < n; i++) y[i] = xs[i] * d[i];
            addXPdf(xs, d, n);
        });
        return new INDArray[]{out, derivative};
    }

    /** The output only, when no backward pass will need the derivative (inference): one output stream instead of two. */
    public static INDArray forwardOnly(INDArray x) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        Chunks.map(new INDArray[]{x}, new INDArray[]{out}, (in, o, n) -> {
            float[] xs = in[0], y = o[0];
            cdf(xs, y, n);
            for (int i = 0; i < n; i++) y[i] = xs[i] * y[i];
        });
        return out;
    }

    /**
     * The input gradient g * derivative, with the derivative kept by a forward pass ({@link #forward},
     * {@link #forwardChannelAffine}): one product by libnd4j, straight on the off-heap buffers.
     */
    public static INDArray backward(INDArray derivative, INDArray g) {
        return g.mul(derivative);
    }

    /**
     * y = GELU(x) * scale[c] + shift[c] (+ residual) over dim 1 of [N, C, ...]: GELU followed by an eval-mode batch norm
     * (a fixed per-channel affine map) and, when {@code residual} (x's shape) is not null, a residual connection's
     * addition (ConvMixer's depthwise block), in one pass, where the op-by-op path writes and reads the GELU output
     * and the normalized output in between. Returns [y, derivative], the derivative scale[c] * (cdf(x) + x pdf(x)) of
     * y with respect to x when {@code keepDerivative} (a backward pass will ask for it), else [y, null].
     */
    public static INDArray[] forwardChannelAffine(INDArray x, float[] scale, float[] shift, INDArray residual,
                                                  boolean keepDerivative) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        INDArray derivative = keepDerivative ? Nd4j.createUninitialized(DataType.FLOAT, x.shape()) : null;
        float[] k = ChannelPlanes.perElement(x, scale), b = ChannelPlanes.perElement(x, shift);
        INDArray[] inputs = residual == null ? new INDArray[]{x} : new INDArray[]{x, residual};
        INDArray[] outputs = keepDerivative ? new INDArray[]{out, derivative} : new INDArray[]{out};
        ChannelPlanes.mapSamples(x, inputs, outputs, (in, o, n) -> {
            float[] xs = in[0], y = o[0], c = keepDerivative ? o[1] : y;
            cdf(xs, c, n);
            if (residual == null) {
                for (int i = 0; i < n; i++) y[i] = xs[i] * c[i] * k[i] + b[i];
            } else {
                float[] r = in[1];
                for (int i = 0; i < n; i++) y[i] = xs[i] * c[i] * k[i] + b[i] + r[i];
            }
            if (keepDerivative) {
                addXPdf(xs, c, n);
                for (int i = 0; i < n; i++) c[i] *= k[i];
            }
        });
        return new INDArray[]{out, derivative};
    }

    /*
     * The element loops below are split into short bodies on purpose: C2 unrolls (and so vectorizes) only loops whose
     * body is under -XX:LoopUnrollLimit (60 nodes by default); erf and exp(-x^2/2) in one loop exceed it, and that loop
     * ran scalar: 11.4 ms of CPU per call on [128, 128, 7, 7], 4.6 ms with -XX:LoopUnrollLimit=300.
     */

    /** dst[i] = cdf(x[i]) = 0.5 + 0.5 erf(x[i] / sqrt 2), i < n. */
    private static void cdf(float[] x, float[] dst, int n) {
        for (int i = 0; i < n; i++) dst[i] = 0.5f + 0.5f * erf(x[i] * INV_SQRT2);
    }

    /** d[i] += x[i] pdf(x[i]), i < n: cdf to the derivative of GELU. */
    private static void addXPdf(float[] x, float[] d, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            d[i] += v * INV_SQRT_2PI * expNegHalfSquare(v);
        }
    }

    /** erf for float32: Eigen's generic_fast_erf_float (x clamped to [-4, 4], where erf is 1 to float precision). */
    static float erf(float x) {
        float v = Math.max(-4f, Math.min(4f, x));
        float x2 = v * v;
        float p = -2.72614225801306e-10f;
        p = p * x2 + 2.77068142495902e-08f;
        p = p * x2 - 2.10102402082508e-06f;
        p = p * x2 - 5.69250639462346e-05f;
        p = p * x2 - 7.34990630326855e-04f;
        p = p * x2 - 2.95459980854025e-03f;
        p = p * x2 - 1.60960333262415e-02f;
        float q = -1.45660718464996e-05f;
        q = q * x2 - 2.13374055278905e-04f;
        q = q * x2 - 1.68282697438203e-03f;
        q = q * x2 - 7.37332916720468e-03f;
        q = q * x2 - 1.42647390514189e-02f;
        return v * p / q;
    }

    /**
     * exp(-x^2 / 2) for float32 without a call to exp: with y = -min(x^2, 36) / 2 (beyond |x| = 6 the value is below
     * 2e-8 and x pdf(x) negligible), exp(y) = exp(y / 256)^256, where exp(y / 256) for |y / 256| <= 0.07 is a degree-5
     * Taylor polynomial (error 2e-10) and ^256 is eight squarings (relative error below 2e-5).
     */
    static float expNegHalfSquare(float x) {
        float z = -0.5f * Math.min(x * x, 36f) * (1f / 256f);
        float e = 1f + z * (1f + z * (0.5f + z * (1f / 6f + z * (1f / 24f + z * (1f / 120f)))));
        e *= e;
        e *= e;
        e *= e;
        e *= e;
        e *= e;
        e *= e;
        e *= e;
        e *= e;
        return e;
    }
}
