package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.CrossAttention;
import dev.mamori.nn.layers.GroupNorm;

/**
 * The self-attention of the VAE's middle block (latent diffusion's AttnBlock; diffusers' Attention with group_norm,
 * biased to_q/to_k/to_v, one head as wide as the channels, residual connection, output scale 1): x +
 * to_out(softmax(q k^T / sqrt(C)) v) over the H*W positions of GroupNorm(x). Names are diffusers' current ones
 * (group_norm, to_q, to_k, to_v, to_out.0); checkpoints with the old names (query, key, value, proj_attn) must be
 * renamed first.
 */
public class VaeAttention extends CrossAttention implements SpatialAttention {
    public final int channels;
    public final GroupNorm groupNorm;

    public VaeAttention(int channels, int groups, double eps) {
        super(channels, channels, 1, channels, 0.0, true);
        this.channels = channels;
        this.groupNorm = register("group_norm", new GroupNorm(groups, channels, eps));
    }

    /** x [B, C, H, W] -> [B, C, H, W]; the VAE has no context. */
    @Override
    public Tensor call(Tensor x, Tensor context) {
        if (context != null) throw new IllegalArgumentException("the VAE's attention takes no context");
        return hooked(compute(x));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return compute(x);
    }

    private Tensor compute(Tensor x) {
        long b = x.size(0), h = x.size(2), w = x.size(3);
        Tensor tokens = groupNorm.call(x).permute(0, 2, 3, 1).reshape(b, h * w, channels);   // [B, HW, C]
        Tensor attended = super.forward(tokens);                                               // [B, HW, C]
        return attended.reshape(b, h, w, channels).permute(0, 3, 1, 2).add(x);                 // [B, C, H, W]
    }

    @Override
    protected String extraRepr() {
        return "channels=" + channels + ", heads=1";
    }
}
