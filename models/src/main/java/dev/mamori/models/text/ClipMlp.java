package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Linear;

/**
 * The feed-forward of a CLIP encoder layer (transformers' CLIPMLP): fc2(act(fc1(x))) with act quick_gelu
 * (x sigmoid(1.702 x), OpenAI CLIP's) or the exact gelu. [.., D] -> [.., D].
 */
public class ClipMlp extends Module {
    public final Linear fc1, fc2;
    public final String activation;

    public ClipMlp(int dim, int intermediate, String activation) {
        if (!activation.equals("quick_gelu") && !activation.equals("gelu")) {
            throw new IllegalArgumentException("CLIP hidden_act must be quick_gelu or gelu, got '" + activation + "'");
        }
        this.activation = activation;
        this.fc1 = register("fc1", new Linear(dim, intermediate));
        this.fc2 = register("fc2", new Linear(intermediate, dim));
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor h = fc1.call(x);                                                                   // [.., inner]
        h = activation.equals("gelu") ? Activations.geluExact(h) : h.mul(h.mul(1.702).sigmoid()); // quick_gelu
        return fc2.call(h);
    }

    @Override
    protected String extraRepr() {
        return activation;
    }
}
