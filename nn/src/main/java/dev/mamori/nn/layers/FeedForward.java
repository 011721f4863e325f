package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/**
 * The transformer feed-forward of diffusers' attention blocks (diffusers.models.attention.FeedForward with
 * activation_fn "geglu"): net.0 = {@link Geglu}(dim, inner), net.1 = dropout, net.2 = Linear(inner, dim_out), so
 * parameters are named {@code net.0.proj.weight} and {@code net.2.weight} as in Stable Diffusion checkpoints.
 * [.., dim] -> [.., dim_out].
 */
public class FeedForward extends Module {
    public final Geglu geglu;
    public final Linear out;
    private final Dropout dropout;

    public FeedForward(int dim, int inner, int dimOut, double dropout) {
        ModuleList<Module> net = register("net", new ModuleList<>());
        this.geglu = new Geglu(dim, inner);
        this.dropout = new Dropout(dropout);
        this.out = new Linear(inner, dimOut);
        net.add(geglu);
        net.add(this.dropout);
        net.add(out);
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor h = dropout.call(geglu.call(x));   // [.., inner]
        return out.call(h);                        // [.., dim_out]
    }
}
