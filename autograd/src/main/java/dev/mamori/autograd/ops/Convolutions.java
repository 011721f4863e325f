package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.kernels.CpuKernels;
import dev.mamori.autograd.kernels.DepthwiseConvKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolutions in PyTorch's conventions: NCHW activations, weight [out, in/groups, kH, kW] for convolution and
 * [in, out/groups, kH, kW] for transposed convolution. The kernels are libnd4j's (oneDNN where available), given the
 * PyTorch weight layout directly (weight format OIYX), and their native backward ops.
 */
public final class Convolutions {
    private static final int NCHW = 0;
    private static final int WEIGHTS_OIHW = 1;
    private static final int[] NO_DILATION = {1, 1};

    private Convolutions() {}

    /** Convolution with stride, zero padding, dilation and groups (groups == in channels is depthwise). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        long inC = x.size(1);
        long[] w = weight.shape();
        if (x.dim() != 4) throw new IllegalArgumentException("conv2d expects NCHW input, got " + Arrays.toString(x.shape()));
        if (inC % groups != 0 || w[0] % groups != 0 || w[1] != inC / groups) {
            throw new IllegalArgumentException("conv2d: input channels " + inC + ", groups " + groups + " and weight "
                    + Arrays.toString(w) + " do not agree (PyTorch layout [out, in/groups, kH, kW])");
        }
        if (groups == 1) return dense(x, weight, bias, stride, padding, dilation);
        if (groups == inC) return depthwise(x, weight, bias, stride, padding, dilation);
        // General grouped convolution: one dense convolution per group, concatenated.
        long inPer = inC / groups, outPer = w[0] / groups;
        List<Tensor> outs = new ArrayList<>();
        for (int gi = 0; gi < groups; gi++) {
            Tensor xs = x.slice(1, gi * inPer, (gi + 1) * inPer);
            Tensor ws = weight.slice(0, gi * outPer, (gi + 1) * outPer);
            Tensor bs = bias == null ? null : bias.slice(0, gi * outPer, (gi + 1) * outPer);
            outs.add(dense(xs, ws, bs, stride, padding, dilation));
        }
        return Shapes.concat(outs, 1);
    }

    private static long[] args(long[] w, int[] stride, int[] padding, int[] dilation) {
        return new long[]{w[2], w[3], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], 0, NCHW, WEIGHTS_OIHW};
    }

    private static Tensor dense(Tensor x, Tensor kernel, Tensor bias, int[] stride, int[] padding, int[] dilation) {
        Tensor weight = dilateKernel(kernel, dilation);
        INDArray xv = x.value(), wv = weight.value();
        long[] a = args(wv.shape(), stride, padding, NO_DILATION);
        INDArray[] in = bias == null ? new INDArray[]{xv, wv} : new INDArray[]{xv, wv, bias.value()};
        INDArray out = NativeOps.exec("conv2d", in, a)[0];
        Tensor[] inputs = bias == null ? new Tensor[]{x, weight} : new Tensor[]{x, weight, bias};
        return Tensor.result("conv2d", out, (g, needs) -> {
            boolean paramsWanted = needs[1] || (bias != null && needs[2]);
            if (!paramsWanted && CpuKernels.enabled("conv_input_grad")) {
                INDArray dx = inputGradient(g, wv, stride, padding, xv.shape());
                if (dx != null) {
                    INDArray[] grads = new INDArray[inputs.length];
                    grads[0] = dx;
                    return grads;
                }
            }
            INDArray[] bpIn = Arrays.copyOf(in, in.length + 1);
            bpIn[in.length] = g;
            return NativeOps.exec("conv2d_bp", bpIn, a);
        }, inputs);
    }

    /**
     * Only the input gradient of an undilated convolution, for a backward pass that wants no weight or bias gradient
     * (an attack's d loss / d input, with frozen parameters): the transposed convolution of the upstream gradient
     * with the same weights, one product where conv2d_bp computes two (PyTorch's convolution backward likewise
     * skips what its output mask does not ask for). The weight in PyTorch's conv layout [out, in, kH, kW] is, read
     * as the transposed convolution's, [its in, its out, kH, kW] (weight format 1). Null when the transposed
     * convolution's size differs from the input's (a stride that leaves rows unread): then conv2d_bp does it.
     */
    private static INDArray inputGradient(INDArray g, INDArray weight, int[] stride, int[] padding, long[] inputShape) {
        long[] w = weight.shape();
        long h = (long) stride[0] * (g.size(2) - 1) + w[2] - 2L * padding[0];
        long wd = (long) stride[1] * (g.size(3) - 1) + w[3] - 2L * padding[1];
        if (h != inputShape[2] || wd != inputShape[3]) return null;
        long[] a = {w[2], w[3], stride[0], stride[1], padding[0], padding[1], 1, 1, 0, NCHW, WEIGHTS_OIHW};
        return NativeOps.exec("deconv2d", new INDArray[]{g, weight}, a)[0];
    }

    /**
     * The kernel with the dilation's zeros written in ([.., .., d(k-1)+1, d(k-1)+1]), so that a dilated convolution runs
     * as an undilated one: the oneDNN build's conv2d and deconv2d_bp reject every dilated float32 convolution
     * ("could not create a descriptor for a dilated convolution"). The gradient is the kernel positions of the
     * dilated kernel's gradient.
     */
    private static Tensor dilateKernel(Tensor weight, int[] dilation) {
        if (dilation[0] == 1 && dilation[1] == 1) return weight;
        long[] w = weight.shape();
        long kh = (long) dilation[0] * (w[2] - 1) + 1, kw = (long) dilation[1] * (w[3] - 1) + 1;
        INDArrayIndex[] taps = {NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, dilation[0], kh), NDArrayIndex.interval(0, dilation[1], kw)};
        INDArray dilated = Nd4j.zeros(weight.dataType(), w[0], w[1], kh, kw);
        dilated.get(taps).assign(weight.value());
        return Tensor.result("dilate_kernel", dilated, (g, needs) -> new INDArray[]{g.get(taps).dup('c')}, weight);
    }

    /**
     * Depthwise: PyTorch weight [C*m, 1, kH, kW] becomes libnd4j's [kH, kW, C, m] (weight format 0), the only layout
     * with a fast (oneDNN) kernel: measured 4 ms against 250 ms for the OIHW-style formats on [128, 128, 7, 7].
     * The backward pass of the common case (multiplier 1, stride 1, float32) is the Java DepthwiseConvKernel, about
     * half the time of depthwise_conv2d_bp.
     */
    private static Tensor depthwise(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation) {
        long c = x.size(1);
        long[] w = weight.shape();
        long m = w[0] / c;
        Tensor wd = weight.reshape(c, m, w[2], w[3]).permute(2, 3, 0, 1);
        INDArray xv = x.value(), wv = wd.value();
        long[] a = {w[2], w[3], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], 0, NCHW, 0};
        INDArray[] in = bias == null ? new INDArray[]{xv, wv} : new INDArray[]{xv, wv, bias.value()};
        INDArray out = NativeOps.exec("depthwise_conv2d", in, a)[0];
        Tensor[] inputs = bias == null ? new Tensor[]{x, wd} : new Tensor[]{x, wd, bias};
        boolean javaBackward = DepthwiseConvKernel.handles(m, stride, dilation) && CpuKernels.applicable("depthwise", xv, wv, bias == null ? null : bias.value());
        boolean flippable = DepthwiseConvKernel.handles(m, stride, dilation) && padding[0] < w[2] && padding[1] < w[3];
        return Tensor.result("depthwise_conv2d", out, (g, needs) -> {
            // conv_input_grad off: the weight gradient is computed (and dropped) as before, for A/B measurements
            boolean paramsWanted = needs[1] || (bias != null && needs[2]) || !CpuKernels.enabled("conv_input_grad");
            boolean flippedDx = needs[0] && flippable && CpuKernels.enabled("depthwise_input_grad");
            INDArray dx = flippedDx ? depthwiseInputGradient(g, weight.value(), padding) : null;
            if (javaBackward && CpuKernels.applicable(g)) {
                // the kernel's weight gradient is in PyTorch's layout [C, 1, kH, kW]; wd is [kH, kW, C, 1]
                INDArray[] grads = DepthwiseConvKernel.backward(xv, weight.value(), g, padding[0], padding[1], needs[0] && !flippedDx, paramsWanted);
                if (flippedDx) grads[0] = dx;
                if (grads[1] != null) grads[1] = grads[1].permute(2, 3, 0, 1);
                return bias == null ? new INDArray[]{grads[0], grads[1]} : grads;
            }
            if (flippedDx && !paramsWanted) return bias == null ? new INDArray[]{dx, null} : new INDArray[]{dx, null, null};
            INDArray[] bpIn = Arrays.copyOf(in, in.length + 1);
            bpIn[in.length] = g;
            return NativeOps.exec("depthwise_conv2d_bp", bpIn, a);
        }, inputs);
    }

    /**
     * The input gradient of a depthwise convolution with multiplier 1, stride 1 and no dilation, as the same forward
     * op (oneDNN) on the upstream gradient with the kernel flipped in both spatial dims and padding k - 1 - p: the
     * transposed correlation of one channel is the correlation with the flipped kernel, and its size is the input's.
     * libnd4j's forward depthwise op is several times faster than its depthwise_conv2d_bp and than our Java
     * backward's input-gradient half (docs/PERFORMANCE.md); switch {@code depthwise_input_grad}.
     */
    private static INDArray depthwiseInputGradient(INDArray g, INDArray weight, int[] padding) {
        long c = weight.size(0), kh = weight.size(2), kw = weight.size(3);
        // [C, 1, kH, kW] as [C, kH kW], each row reversed: both spatial dims flipped; then libnd4j's [kH, kW, C, 1]
        INDArray flipped = NativeOps.exec("reverse", new INDArray[]{weight.reshape('c', c, kh * kw)}, 1)[0]
                .reshape('c', c, 1, kh, kw).permute(2, 3, 0, 1).dup('c');
        long[] a = {kh, kw, 1, 1, kh - 1 - padding[0], kw - 1 - padding[1], 1, 1, 0, NCHW, 0};
        return NativeOps.exec("depthwise_conv2d", new INDArray[]{g, flipped}, a)[0];
    }

    /**
     * Transposed convolution (PyTorch ConvTranspose2d, groups = 1): output size (i-1)*s - 2p + d*(k-1) + outputPadding + 1.
     * Computed as the full transposed convolution, then cropped: p rows/cols at the top/left, p - outputPadding at the
     * bottom/right.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation) {
        long[] w = weight.shape();
        if (x.dim() != 4 || w[0] != x.size(1)) {
            throw new IllegalArgumentException("conv_transpose2d: input " + Arrays.toString(x.shape()) + " and weight "
                    + Arrays.toString(w) + " do not agree (PyTorch layout [in, out, kH, kW])");
        }
        Tensor kernel = dilateKernel(weight, dilation);
        INDArray xv = x.value(), wv = kernel.value();
        long[] k = wv.shape();
        long[] a = {k[2], k[3], stride[0], stride[1], 0, 0, 1, 1, 0, NCHW, WEIGHTS_OIHW};
        // Output padding beyond the padding adds rows/cols past the full output, which receive only the bias: then
        // the bias is added after padding instead of by the native op.
        boolean beyondFull = outputPadding[0] > padding[0] || outputPadding[1] > padding[1];
        Tensor nativeBias = beyondFull ? null : bias;
        INDArray[] in = nativeBias == null ? new INDArray[]{xv, wv} : new INDArray[]{xv, wv, nativeBias.value()};
        INDArray full = NativeOps.exec("deconv2d", in, a)[0];
        Tensor[] inputs = nativeBias == null ? new Tensor[]{x, kernel} : new Tensor[]{x, kernel, nativeBias};
        Tensor fullT = Tensor.result("conv_transpose2d", full, (g, needs) -> {
            INDArray[] bpIn = Arrays.copyOf(in, in.length + 1);
            bpIn[in.length] = g;
            return NativeOps.exec("deconv2d_bp", bpIn, a);
        }, inputs);
        long h = full.size(2), wd = full.size(3);
        long outH = h - 2L * padding[0] + outputPadding[0];
        long outW = wd - 2L * padding[1] + outputPadding[1];
        if (padding[0] == 0 && padding[1] == 0 && outputPadding[0] == 0 && outputPadding[1] == 0) return fullT;
        if (beyondFull) {
            int extraH = (int) Math.max(0, padding[0] + outH - h), extraW = (int) Math.max(0, padding[1] + outW - wd);
            fullT = Shapes.pad2d(fullT, 0, extraW, 0, extraH);
        }
        Tensor out = fullT.slice(2, padding[0], padding[0] + outH).slice(3, padding[1], padding[1] + outW);
        return beyondFull && bias != null ? out.add(bias.reshape(1, w[1], 1, 1)) : out;
    }
}
