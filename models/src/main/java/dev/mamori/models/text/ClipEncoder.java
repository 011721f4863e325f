package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.ModuleList;

/** The stack of {@link ClipEncoderLayer}s of a CLIP tower, named {@code layers.i} (transformers' CLIPEncoder). */
public class ClipEncoder extends Module {
    public final ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(int dim, int depth, int heads, int intermediate, String activation, double eps) {
        this.layers = register("layers", new ModuleList<>());
        for (int i = 0; i < depth; i++) layers.add(new ClipEncoderLayer(dim, heads, intermediate, activation, eps));
    }

    /** [B, N, D] -> [B, N, D]; causal for the text tower. */
    public Tensor call(Tensor x, boolean causal) {
        for (ClipEncoderLayer layer : layers) x = layer.call(x, causal);
        return hooked(x);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return call(x, false);
    }
}
