package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Normalization;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/** Layer normalization over the last dim (PyTorch nn.LayerNorm(normalized_shape=dim)). */
public class LayerNorm extends Module {
    public final long dim;
    public final double eps;
    public final Tensor weight, bias;

    public LayerNorm(long dim) {
        this(dim, 1e-5);
    }

    public LayerNorm(long dim, double eps) {
        this.dim = dim;
        this.eps = eps;
        this.weight = registerParameter("weight", Init.ones(dim));
        this.bias = registerParameter("bias", Init.zeros(dim));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Normalization.layerNorm(x, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return dim + ", eps=" + eps;
    }
}
