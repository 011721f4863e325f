package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Normalization;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/** Group normalization (PyTorch nn.GroupNorm): per-sample statistics over groups of channels, per-channel affine. */
public class GroupNorm extends Module {
    public final int groups, channels;
    public final double eps;
    public final Tensor weight, bias;

    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5);
    }

    public GroupNorm(int groups, int channels, double eps) {
        if (channels % groups != 0) throw new IllegalArgumentException("GroupNorm: " + channels + " channels not divisible by " + groups);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = registerParameter("weight", Init.ones(channels));
        this.bias = registerParameter("bias", Init.zeros(channels));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Normalization.groupNorm(x, groups, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return groups + ", " + channels + ", eps=" + eps;
    }
}
