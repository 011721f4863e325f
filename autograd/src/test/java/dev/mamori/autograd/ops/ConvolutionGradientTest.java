package dev.mamori.autograd.ops;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Gradients;
import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Convolutions: forward values against a direct loop over PyTorch's definition (so the weight layouts are right, which
 * a gradient check alone cannot see), and float64 gradients of input, weight and bias.
 */
class ConvolutionGradientTest {

    private static int[] pair(int v) {
        return new int[]{v, v};
    }

    @Test
    void denseConvolutionWithStridePaddingDilation() {
        INDArray x = uniform(71, -1, 1, 1, 2, 5, 5), w = uniform(72, -1, 1, 2, 2, 3, 3), b = uniform(73, -1, 1, 2);
        int[][] configs = {{1, 0, 1}, {2, 1, 1}, {1, 2, 2}, {2, 0, 2}};
        for (int[] c : configs) {
            String what = "conv2d stride " + c[0] + " padding " + c[1] + " dilation " + c[2];
            assertGradientsMatch(what, v -> Convolutions.conv2d(v.get(0), v.get(1), v.get(2), pair(c[0]), pair(c[1]), pair(c[2]), 1), x, w, b);
            assertMatchesReference(what, x, w, b, c[0], c[1], c[2], 1);
        }
        assertGradientsMatch("conv2d without bias", v -> Convolutions.conv2d(v.get(0), v.get(1), null, pair(1), pair(1), pair(1), 1), x, w);
        assertMatchesReference("conv2d without bias", x, w, null, 1, 1, 1, 1);
    }

    @Test
    void groupedConvolution() {
        INDArray x = uniform(74, -1, 1, 1, 4, 3, 3), w = uniform(75, -1, 1, 4, 2, 2, 2), b = uniform(76, -1, 1, 4);
        assertGradientsMatch("conv2d groups 2", v -> Convolutions.conv2d(v.get(0), v.get(1), v.get(2), pair(1), pair(1), pair(1), 2), x, w, b);
        assertGradientsMatch("conv2d groups 2 stride 2", v -> Convolutions.conv2d(v.get(0), v.get(1), null, pair(2), pair(0), pair(1), 2), x, w);
        assertMatchesReference("groups 2", x, w, b, 1, 1, 1, 2);
        assertMatchesReference("groups 2 stride 2", x, w, null, 2, 0, 1, 2);
    }

    @Test
    void depthwiseConvolutionMultiplierOneAndTwo() {
        INDArray x = uniform(77, -1, 1, 1, 3, 4, 4);
        INDArray w1 = uniform(78, -1, 1, 3, 1, 3, 3), b1 = uniform(79, -1, 1, 3);
        INDArray w2 = uniform(80, -1, 1, 6, 1, 2, 2), b2 = uniform(81, -1, 1, 6);
        assertGradientsMatch("depthwise m=1", v -> Convolutions.conv2d(v.get(0), v.get(1), v.get(2), pair(1), pair(1), pair(1), 3), x, w1, b1);
        assertGradientsMatch("depthwise m=2", v -> Convolutions.conv2d(v.get(0), v.get(1), v.get(2), pair(1), pair(1), pair(1), 3), x, w2, b2);
        assertGradientsMatch("depthwise m=2 stride 2 dilation 2 no bias",
                v -> Convolutions.conv2d(v.get(0), v.get(1), null, pair(2), pair(2), pair(2), 3), x, w2);
        assertMatchesReference("depthwise m=1", x, w1, b1, 1, 1, 1, 3);
        assertMatchesReference("depthwise m=2", x, w2, b2, 1, 1, 1, 3);
        assertMatchesReference("depthwise m=2 stride 2 dilation 2", x, w2, null, 2, 2, 2, 3);
    }

    /** The float32 Java kernel (multiplier 1, stride 1) against float64 libnd4j: the ConvMixer's shapes, small. */
    @Test
    void depthwiseKernelPathWithRectangularKernelsAndPaddings() {
        INDArray x = uniform(90, -1, 1, 3, 5, 6, 5);
        INDArray w = uniform(91, -1, 1, 5, 1, 5, 3), b = uniform(92, -1, 1, 5);
        int[][] paddings = {{2, 1}, {0, 0}, {3, 2}};
        for (int[] p : paddings) {
            String what = "depthwise 5x3 padding " + Arrays.toString(p);
            assertGradientsMatch(what, v -> Convolutions.conv2d(v.get(0), v.get(1), v.get(2), pair(1), p, pair(1), 5), x, w, b);
            assertGradientsMatch(what + " no bias", v -> Convolutions.conv2d(v.get(0), v.get(1), null, pair(1), p, pair(1), 5), x, w);
        }
    }

    /** When the input needs no gradient (a first layer), the kernel skips dx; the weight and bias gradients agree. */
    @Test
    void depthwiseKernelWeightGradientsWithoutInputGradient() {
        INDArray x = uniform(93, -1, 1, 2, 4, 5, 5);
        INDArray w = uniform(94, -1, 1, 4, 1, 3, 3), b = uniform(95, -1, 1, 4);
        INDArray up = uniform(96, -1, 1, 2, 4, 5, 5);
        Tensor w64 = Tensor.variable(w), b64 = Tensor.variable(b);
        List<INDArray> want = Autograd.grad(Convolutions.conv2d(Tensor.of(x), w64, b64, pair(1), pair(1), pair(1), 4), up, List.of(w64, b64));
        Tensor w32 = Tensor.variable(w.castTo(DataType.FLOAT)), b32 = Tensor.variable(b.castTo(DataType.FLOAT));
        List<INDArray> got = Autograd.grad(Convolutions.conv2d(Tensor.of(x.castTo(DataType.FLOAT)), w32, b32, pair(1), pair(1), pair(1), 4),
                up.castTo(DataType.FLOAT), List.of(w32, b32));
        Gradients.assertClose("depthwise weight gradient, constant input", got.get(0), want.get(0), 1e-4, 1e-3);
        Gradients.assertClose("depthwise bias gradient, constant input", got.get(1), want.get(1), 1e-4, 1e-3);
    }

    /**
     * With frozen parameters (an attack's input gradient) the backward pass computes only dx: a transposed convolution
     * for dense convolutions, for depthwise ones the forward op with the flipped kernel. dx must equal the full backward
     * pass's, in float32 and float64, also where the shortcut falls back (a stride that leaves input rows unread, a
     * depthwise padding as large as the kernel), and with the shortcuts switched off (conv2d_bp, depthwise_conv2d_bp).
     */
    @Test
    void inputGradientWithFrozenParametersEqualsTheFullBackwardPass() {
        // in channels, out channels (0: depthwise), kernel, stride, padding, input size
        int[][] configs = {{6, 5, 1, 1, 0, 4}, {2, 5, 4, 4, 0, 8}, {3, 4, 3, 1, 1, 5}, {3, 4, 3, 2, 1, 5}, {3, 4, 3, 2, 0, 6},
                {5, 0, 5, 1, 2, 5}, {5, 0, 3, 1, 0, 5}, {5, 0, 3, 1, 3, 5}};
        for (int[] c : configs) {
            boolean depthwise = c[1] == 0;
            long out = depthwise ? c[0] : c[1];
            INDArray x = uniform(97, -1, 1, 2, c[0], c[5], c[5]);
            INDArray w = uniform(98, -1, 1, out, depthwise ? 1 : c[0], c[2], c[2]), b = uniform(99, -1, 1, out);
            int groups = depthwise ? c[0] : 1;
            for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                String what = Arrays.toString(c) + " " + type;
                INDArray full = inputGradient(x, w, b, c, groups, type, false);
                INDArray frozen = inputGradient(x, w, b, c, groups, type, true);
                double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
                Gradients.assertClose(what + " frozen parameters", frozen, full, tol, tol);
                String before = System.getProperty("mamori.kernels.off");
                System.setProperty("mamori.kernels.off", "conv_input_grad,depthwise,depthwise_input_grad");
                try {
                    Gradients.assertClose(what + " shortcuts off", inputGradient(x, w, b, c, groups, type, true), full, tol, tol);
                } finally {
                    if (before == null) System.clearProperty("mamori.kernels.off");
                    else System.setProperty("mamori.kernels.off", before);
                }
            }
        }
    }

    /** d sum(up * conv(x)) / dx, asking for the parameters' gradients too unless {@code frozen}. */
    private static INDArray inputGradient(INDArray x, INDArray w, INDArray b, int[] c, int groups, DataType type, boolean frozen) {
        Tensor xt = Tensor.variable(x.castTo(type)), wt = Tensor.variable(w.castTo(type)), bt = Tensor.variable(b.castTo(type));
        Tensor y = Convolutions.conv2d(xt, wt, bt, pair(c[3]), pair(c[4]), pair(1), groups);
        INDArray up = uniform(100, -1, 1, y.shape()).castTo(type);
        return Autograd.grad(y, up, frozen ? List.of(xt) : List.of(xt, wt, bt)).get(0);
    }

    @Test
    void mismatchedWeightIsRejected() {
        Tensor x = Tensor.of(uniform(1, 0, 1, 1, 4, 5, 5));
        Tensor w = Tensor.of(uniform(2, 0, 1, 2, 3, 3, 3));
        assertThatThrownBy(() -> Convolutions.conv2d(x, w, null, pair(1), pair(0), pair(1), 1))
                .hasMessageContaining("input channels 4").hasMessageContaining("[2, 3, 3, 3]");
    }

    @Test
    void transposedConvolution() {
        INDArray x = uniform(82, -1, 1, 1, 2, 3, 3), w = uniform(83, -1, 1, 2, 2, 3, 3), b = uniform(84, -1, 1, 2);
        // stride, padding, output padding, dilation
        int[][] configs = {{1, 0, 0, 1}, {2, 0, 0, 1}, {2, 1, 0, 1}, {2, 1, 1, 1}, {3, 2, 1, 1}, {1, 1, 0, 2}};
        for (int[] c : configs) {
            String what = "conv_transpose2d stride " + c[0] + " padding " + c[1] + " output padding " + c[2] + " dilation " + c[3];
            assertGradientsMatch(what, v -> Convolutions.convTranspose2d(v.get(0), v.get(1), v.get(2), pair(c[0]), pair(c[1]), pair(c[2]), pair(c[3])), x, w, b);
            assertTransposedMatchesReference(what, x, w, b, c[0], c[1], c[2], c[3]);
        }
    }

    @Test
    void transposedConvolutionWithOutputPaddingBeyondPadding() {
        INDArray x = uniform(85, -1, 1, 1, 2, 3, 3), w = uniform(86, -1, 1, 2, 3, 2, 2), b = uniform(87, -1, 1, 3);
        String what = "conv_transpose2d stride 2 padding 0 output padding 1";
        assertGradientsMatch(what, v -> Convolutions.convTranspose2d(v.get(0), v.get(1), null, pair(2), pair(0), pair(1), pair(1)), x, w);
        assertTransposedMatchesReference(what, x, w, null, 2, 0, 1, 1);
        assertGradientsMatch(what + " with bias", v -> Convolutions.convTranspose2d(v.get(0), v.get(1), v.get(2), pair(2), pair(0), pair(1), pair(1)), x, w, b);
        assertTransposedMatchesReference(what + " with bias", x, w, b, 2, 0, 1, 1);
    }

    // ------------------------------------------------------------------ direct reference implementations

    private static void assertMatchesReference(String what, INDArray x, INDArray w, INDArray b, int stride, int pad, int dil, int groups) {
        INDArray got = Convolutions.conv2d(Tensor.of(x), Tensor.of(w), b == null ? null : Tensor.of(b), pair(stride), pair(pad), pair(dil), groups).value();
        INDArray want = referenceConv(x, w, b, stride, pad, dil, groups);
        assertThat(got.shape()).as(what).containsExactly(want.shape());
        assertThat(values(got)).as(what).containsExactly(values(want), within(1e-12));
    }

    /** PyTorch conv2d by its definition: out[n,o,y,x] = b[o] + sum w[o,ci,ky,kx] * in[n, g*inPer+ci, y*s-p+ky*d, x*s-p+kx*d]. */
    static INDArray referenceConv(INDArray x, INDArray w, INDArray b, int s, int p, int d, int groups) {
        long n = x.size(0), inC = x.size(1), h = x.size(2), wd = x.size(3);
        long outC = w.size(0), inPer = w.size(1), k = w.size(2);
        long outH = (h + 2L * p - d * (k - 1) - 1) / s + 1, outW = (wd + 2L * p - d * (k - 1) - 1) / s + 1;
        long outPer = outC / groups;
        INDArray out = Nd4j.zeros(x.dataType(), n, outC, outH, outW);
        for (long i = 0; i < n; i++) for (long o = 0; o < outC; o++) for (long y = 0; y < outH; y++) for (long xx = 0; xx < outW; xx++) {
            double acc = b == null ? 0 : b.getDouble(o);
            long g = o / outPer;
            for (long ci = 0; ci < inPer; ci++) for (long ky = 0; ky < k; ky++) for (long kx = 0; kx < k; kx++) {
                long iy = y * s - p + ky * d, ix = xx * s - p + kx * d;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += w.getDouble(o, ci, ky, kx) * x.getDouble(i, g * inPer + ci, iy, ix);
            }
            out.putScalar(new long[]{i, o, y, xx}, acc);
        }
        assertThat(inC).isEqualTo(inPer * groups);
        return out;
    }

    private static void assertTransposedMatchesReference(String what, INDArray x, INDArray w, INDArray b, int s, int p, int op, int d) {
        INDArray got = Convolutions.convTranspose2d(Tensor.of(x), Tensor.of(w), b == null ? null : Tensor.of(b), pair(s), pair(p), pair(op), pair(d)).value();
        INDArray want = referenceConvTranspose(x, w, b, s, p, op, d);
        assertThat(got.shape()).as(what).containsExactly(want.shape());
        assertThat(values(got)).as(what).containsExactly(values(want), within(1e-12));
    }

    /** PyTorch conv_transpose2d: every input pixel scatters w[i,o] at (iy*s - p + ky*d, ix*s - p + kx*d). */
    static INDArray referenceConvTranspose(INDArray x, INDArray w, INDArray b, int s, int p, int op, int d) {
        long n = x.size(0), inC = x.size(1), h = x.size(2), wd = x.size(3);
        long outC = w.size(1), k = w.size(2);
        long outH = (h - 1) * s - 2L * p + d * (k - 1) + op + 1, outW = (wd - 1) * s - 2L * p + d * (k - 1) + op + 1;
        INDArray out = Nd4j.zeros(x.dataType(), n, outC, outH, outW);
        for (long i = 0; i < n; i++) for (long o = 0; o < outC; o++) {
            for (long y = 0; y < outH; y++) for (long xx = 0; xx < outW; xx++) {
                out.putScalar(new long[]{i, o, y, xx}, b == null ? 0 : b.getDouble(o));
            }
            for (long c = 0; c < inC; c++) for (long iy = 0; iy < h; iy++) for (long ix = 0; ix < wd; ix++) {
                for (long ky = 0; ky < k; ky++) for (long kx = 0; kx < k; kx++) {
                    long y = iy * s - p + ky * d, xx = ix * s - p + kx * d;
                    if (y < 0 || y >= outH || xx < 0 || xx >= outW) continue;
                    long[] at = {i, o, y, xx};
                    out.putScalar(at, out.getDouble(at) + x.getDouble(i, c, iy, ix) * w.getDouble(c, o, ky, kx));
                }
            }
        }
        return out;
    }
}
