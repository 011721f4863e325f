package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;

/**
 * The learned projection of a sinusoidal timestep embedding (diffusers.models.embeddings.TimestepEmbedding with
 * act_fn "silu"): linear_2(silu(linear_1(t))), [N, in] -> [N, time_embed_dim]. The UNet feeds its output to every
 * {@link ResnetBlock2D}. See {@link SinusoidalTimestepEmbedding} for the input.
 */
public class TimestepEmbedding extends Module {
    public final Linear linear1, linear2;

    public TimestepEmbedding(int in, int timeEmbedDim) {
        this.linear1 = register("linear_1", new Linear(in, timeEmbedDim));
        this.linear2 = register("linear_2", new Linear(timeEmbedDim, timeEmbedDim));
    }

    @Override
    protected Tensor forward(Tensor t) {
        Tensor h = Activations.silu(linear1.call(t));   // [N, time_embed_dim]
        return linear2.call(h);                          // [N, time_embed_dim]
    }
}
