package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.BasicTransformerBlock;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.GroupNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;

/**
 * The spatial transformer of latent diffusion (Rombach et al. 2022, arXiv 2112.10752, section 3.3, figure 3), as
 * diffusers.models.transformers.Transformer2DModel over continuous inputs: GroupNorm (eps 1e-6) -> proj_in -> the
 * feature map as H*W tokens (row-major) -> {@link BasicTransformerBlock}s (self-attention, cross-attention to the
 * text states, GEGLU feed-forward) -> proj_out -> back to [B, C, H, W] -> + input. proj_in/proj_out are 1x1
 * convolutions (Stable Diffusion 1.x) or, with {@code linearProjection}, linear layers on the tokens (2.x).
 * Names: norm, proj_in, transformer_blocks.N, proj_out.
 */
public class Transformer2DModel extends Module implements SpatialAttention {
    public final int channels, heads, headDim, contextDim;
    public final boolean linearProjection;
    public final GroupNorm norm;
    public final Module projIn, projOut;
    public final ModuleList<BasicTransformerBlock> blocks;

    /**
     * Over {@code channels} features (= heads x headDim), {@code layers} transformer blocks cross-attending to
     * contexts of width {@code contextDim}; GroupNorm with {@code groups} groups.
     */
    public Transformer2DModel(int channels, int heads, int contextDim, int layers, int groups, boolean linearProjection) {
        if (channels % heads != 0) throw new IllegalArgumentException("Transformer2DModel: " + channels + " channels not divisible by " + heads + " heads");
        this.channels = channels;
        this.heads = heads;
        this.headDim = channels / heads;
        this.contextDim = contextDim;
        this.linearProjection = linearProjection;
        this.norm = register("norm", new GroupNorm(groups, channels, 1e-6));
        this.projIn = register("proj_in", linearProjection ? new Linear(channels, channels) : new Conv2d(channels, channels, 1));
        this.blocks = register("transformer_blocks", new ModuleList<>());
        for (int i = 0; i < layers; i++) blocks.add(new BasicTransformerBlock(channels, heads, headDim, contextDim, BasicTransformerBlock.options()));
        this.projOut = register("proj_out", linearProjection ? new Linear(channels, channels) : new Conv2d(channels, channels, 1));
    }

    /** x [B, C, H, W] and context [B, M, context_dim] -> [B, C, H, W]. */
    @Override
    public Tensor call(Tensor x, Tensor context) {
        return hooked(compute(x, context));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return compute(x, null);
    }

    private Tensor compute(Tensor x, Tensor context) {
        long b = x.size(0), h = x.size(2), w = x.size(3);
        Tensor t = norm.call(x);                                                   // [B, C, H, W]
        if (!linearProjection) t = projIn.call(t);
        t = t.permute(0, 2, 3, 1).reshape(b, h * w, channels);                    // [B, HW, C]
        if (linearProjection) t = projIn.call(t);
        for (BasicTransformerBlock block : blocks) t = block.call(t, context);    // [B, HW, C]
        if (linearProjection) t = projOut.call(t);
        t = t.reshape(b, h, w, channels).permute(0, 3, 1, 2);                     // [B, C, H, W]
        if (!linearProjection) t = projOut.call(t);
        return t.add(x);
    }

    @Override
    protected String extraRepr() {
        return channels + ", heads=" + heads + ", context_dim=" + contextDim + ", layers=" + blocks.size()
                + (linearProjection ? ", linear_projection" : "");
    }
}
