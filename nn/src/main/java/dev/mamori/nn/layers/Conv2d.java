package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.autograd.ops.Shapes;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/**
 * 2-D convolution on NCHW input (PyTorch nn.Conv2d): weight [out, in/groups, kH, kW], optional bias, stride,
 * zero padding (or "same"), dilation and groups (groups = in channels is depthwise). PyTorch's default init.
 */
public class Conv2d extends Module {
    public final int inChannels, outChannels, groups;
    public final int[] kernel, stride, padding, dilation;
    private final boolean samePadding;
    public final Tensor weight, bias;

    /** Configuration with PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias. */
    public static final class Options {
        int stride = 1, padding = 0, dilation = 1, groups = 1;
        boolean bias = true, same = false;

        public Options stride(int s) { this.stride = s; return this; }
        public Options padding(int p) { this.padding = p; return this; }
        /** PyTorch's padding="same" (stride 1): output size equals input size. */
        public Options samePadding() { this.same = true; return this; }
        public Options dilation(int d) { this.dilation = d; return this; }
        public Options groups(int g) { this.groups = g; return this; }
        public Options bias(boolean b) { this.bias = b; return this; }
    }

    public static Options options() {
        return new Options();
    }

    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, new Options());
    }

    public Conv2d(int in, int out, int kernel, Options o) {
        if (in % o.groups != 0 || out % o.groups != 0) {
            throw new IllegalArgumentException("Conv2d: in " + in + " and out " + out + " must be divisible by groups " + o.groups);
        }
        if (o.same && o.stride != 1) throw new IllegalArgumentException("Conv2d: padding 'same' needs stride 1");
        this.inChannels = in;
        this.outChannels = out;
        this.groups = o.groups;
        this.kernel = new int[]{kernel, kernel};
        this.stride = new int[]{o.stride, o.stride};
        this.dilation = new int[]{o.dilation, o.dilation};
        this.samePadding = o.same;
        this.padding = new int[]{o.padding, o.padding};
        long fanIn = (long) in / o.groups * kernel * kernel;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(fanIn, out, in / o.groups, kernel, kernel));
        this.bias = o.bias ? registerParameter("bias", Init.biasDefault(fanIn, out)) : null;
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (samePadding) {
            int total = dilation[0] * (kernel[0] - 1);
            int before = total / 2, after = total - before;
            if (before == after) return Convolutions.conv2d(x, weight, bias, stride, new int[]{before, before}, dilation, groups);
            Tensor padded = Shapes.pad2d(x, before, after, before, after);
            return Convolutions.conv2d(padded, weight, bias, stride, new int[]{0, 0}, dilation, groups);
        }
        return Convolutions.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel=" + kernel[0] + ", stride=" + stride[0]
                + (samePadding ? ", padding=same" : ", padding=" + padding[0])
                + (dilation[0] != 1 ? ", dilation=" + dilation[0] : "") + (groups != 1 ? ", groups=" + groups : "")
                + (bias == null ? ", bias=false" : "");
    }
}
