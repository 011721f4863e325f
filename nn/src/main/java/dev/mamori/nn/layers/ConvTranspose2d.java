package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/** Transposed convolution (PyTorch nn.ConvTranspose2d, groups 1): weight [in, out, kH, kW]. */
public class ConvTranspose2d extends Module {
    public final int inChannels, outChannels;
    public final int[] kernel, stride, padding, outputPadding, dilation;
    public final Tensor weight, bias;

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, 0, true);
    }

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding, boolean bias) {
        this.inChannels = in;
        this.outChannels = out;
        this.kernel = new int[]{kernel, kernel};
        this.stride = new int[]{stride, stride};
        this.padding = new int[]{padding, padding};
        this.outputPadding = new int[]{outputPadding, outputPadding};
        this.dilation = new int[]{1, 1};
        // PyTorch computes fan_in from weight dim 1 (out channels) times the kernel area for transposed convs.
        long fanIn = (long) out * kernel * kernel;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(fanIn, in, out, kernel, kernel));
        this.bias = bias ? registerParameter("bias", Init.biasDefault(fanIn, out)) : null;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Convolutions.convTranspose2d(x, weight, bias, stride, padding, outputPadding, dilation);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel=" + kernel[0] + ", stride=" + stride[0] + ", padding=" + padding[0];
    }
}
