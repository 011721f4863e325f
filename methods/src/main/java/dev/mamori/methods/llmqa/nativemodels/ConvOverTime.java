package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.autograd.ops.Reductions;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/**
 * Kim's (2014) convolution over time: filters spanning {@code width} consecutive word vectors and the whole embedding,
 * ReLU, then max-pooling over positions. A 2-D convolution with a (width x dim) kernel over the sequence seen as a
 * one-channel image. Input [B, T, D] (T >= width), output [B, filters].
 */
public final class ConvOverTime extends Module {
    public final int width, dim, filters;
    public final Tensor weight, bias;

    public ConvOverTime(int dim, int width, int filters) {
        this.width = width;
        this.dim = dim;
        this.filters = filters;
        long fanIn = (long) width * dim;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(fanIn, filters, 1, width, dim));
        this.bias = registerParameter("bias", Init.biasDefault(fanIn, filters));
    }

    @Override
    protected Tensor forward(Tensor x) {
        long b = x.size(0), t = x.size(1);
        Tensor image = x.reshape(b, 1, t, dim);                                      // [B, 1, T, D]
        Tensor maps = Convolutions.conv2d(image, weight, bias, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}, 1).relu(); // [B, F, T-w+1, 1]
        return Reductions.max(maps.reshape(b, filters, t - width + 1), 2, false);  // [B, F]
    }
}
