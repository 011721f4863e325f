package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/** y = x W^T + b on the last dim; weight [out, in], bias [out] (PyTorch nn.Linear, same init). */
public class Linear extends Module {
    public final long inFeatures, outFeatures;
    public final Tensor weight, bias;

    public Linear(long in, long out) {
        this(in, out, true);
    }

    public Linear(long in, long out, boolean bias) {
        this.inFeatures = in;
        this.outFeatures = out;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(in, out, in));
        this.bias = bias ? registerParameter("bias", Init.biasDefault(in, out)) : null;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return LinearAlgebra.linear(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + (bias == null ? ", bias=false" : "");
    }
}
