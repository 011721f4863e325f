package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;

/**
 * The GELU-gated linear unit (Shazeer 2020, "GLU Variants Improve Transformer", arXiv 2002.05202, eq. 5), as
 * diffusers.models.activations.GEGLU: [a, g] = proj(x) split in two halves along the last axis (a first), output
 * a * gelu(g) with the exact (erf) GELU. [.., in] -> [.., out]; {@code proj} is Linear(in, 2 out).
 */
public class Geglu extends Module {
    public final int out;
    public final Linear proj;

    public Geglu(int in, int out) {
        this.out = out;
        this.proj = register("proj", new Linear(in, 2L * out));
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor h = proj.call(x);                          // [.., 2 out]
        int last = h.dim() - 1;
        Tensor a = h.slice(last, 0, out);                 // [.., out]
        Tensor gate = h.slice(last, out, 2L * out);       // [.., out]
        return a.mul(Activations.geluExact(gate));
    }
}
