package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.LayerNorm;

/**
 * One pre-norm transformer layer of either CLIP tower (transformers' CLIPEncoderLayer): x += self_attn(layer_norm1(x));
 * x += mlp(layer_norm2(x)). [B, N, D] -> [B, N, D].
 */
public class ClipEncoderLayer extends Module {
    public final ClipAttention selfAttn;
    public final LayerNorm layerNorm1, layerNorm2;
    public final ClipMlp mlp;

    public ClipEncoderLayer(int dim, int heads, int intermediate, String activation, double eps) {
        this.selfAttn = register("self_attn", new ClipAttention(dim, heads));
        this.layerNorm1 = register("layer_norm1", new LayerNorm(dim, eps));
        this.mlp = register("mlp", new ClipMlp(dim, intermediate, activation));
        this.layerNorm2 = register("layer_norm2", new LayerNorm(dim, eps));
    }

    public Tensor call(Tensor x, boolean causal) {
        x = selfAttn.call(layerNorm1.call(x), causal).add(x);
        return hooked(mlp.call(layerNorm2.call(x)).add(x));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return call(x, false);
    }
}
