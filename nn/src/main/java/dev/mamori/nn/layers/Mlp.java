package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/** Transformer MLP: fc1, activation (exact GELU by default), fc2, with timm's names (mlp.fc1.weight, ...). */
public class Mlp extends Module {
    public final Linear fc1, fc2;
    private final Module act;
    private final Dropout drop;

    public Mlp(long in, long hidden, long out) {
        this(in, hidden, out, Activation.gelu(), 0.0);
    }

    public Mlp(long in, long hidden, long out, Module activation, double dropout) {
        this.fc1 = register("fc1", new Linear(in, hidden));
        this.act = register("act", activation);
        this.fc2 = register("fc2", new Linear(hidden, out));
        this.drop = dropout > 0 ? register("drop", new Dropout(dropout)) : null;
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor h = act.call(fc1.call(x));
        if (drop != null) h = drop.call(h);
        Tensor y = fc2.call(h);
        return drop != null ? drop.call(y) : y;
    }
}
