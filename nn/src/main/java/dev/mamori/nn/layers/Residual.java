package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/** fn(x) + x, with the wrapped module named "fn" (as in ConvMixer's reference code, so names are blocks.0.0.fn.*). */
public class Residual extends Module {
    public final Module fn;

    public Residual(Module fn) {
        this.fn = register("fn", fn);
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (fn instanceof Sequential seq) return seq.callPlus(x, x); // the addition fused where it can be
        return fn.call(x).add(x);
    }
}
