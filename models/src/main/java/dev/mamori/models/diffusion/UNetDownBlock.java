package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.ResnetBlock2D;

import java.util.ArrayList;
import java.util.List;

/**
 * One resolution level on the way down (diffusers' DownBlock2D, CrossAttnDownBlock2D and the VAE's
 * DownEncoderBlock2D): {@code resnets.i} each followed by {@code attentions.i} when the level attends, then
 * {@code downsamplers.0} unless it is the last level. It returns the hidden state and the states the UNet keeps for
 * its skip connections: with {@link SkipConnections#EVERY_LAYER} (diffusers) every resnet/attention output and the
 * downsampler's output; with {@link SkipConnections#PER_LEVEL} the level's last output before downsampling.
 */
public class UNetDownBlock extends Module {
    public final ModuleList<ResnetBlock2D> resnets;
    public final ModuleList<Module> attentions;
    public final ModuleList<Downsample2D> downsamplers;

    /** The hidden state after the block and the skip states it produced, in order. */
    public record Output(Tensor hidden, List<Tensor> skips) {}

    /**
     * @param attentions one attention per resnet (each a {@link SpatialAttention}), or empty for a level without
     * @param downsample the downsampler, or null at the last level
     */
    public UNetDownBlock(List<ResnetBlock2D> resnets, List<? extends Module> attentions, Downsample2D downsample) {
        if (!attentions.isEmpty() && attentions.size() != resnets.size()) {
            throw new IllegalArgumentException("a down block needs one attention per resnet or none, got " + attentions.size() + " for " + resnets.size());
        }
        this.resnets = register("resnets", new ModuleList<>(resnets));
        this.attentions = attentions.isEmpty() ? null : register("attentions", new ModuleList<>(new ArrayList<>(attentions)));
        this.downsamplers = downsample == null ? null : register("downsamplers", new ModuleList<>(List.of(downsample)));
    }

    /** x [B, C, H, W], temb [B, T] (null in the VAE), context [B, M, D] (null without cross-attention). */
    public Output call(Tensor x, Tensor temb, Tensor context, SkipConnections skips) {
        List<Tensor> states = new ArrayList<>();
        Tensor h = x;
        for (int i = 0; i < resnets.size(); i++) {
            h = resnets.get(i).call(h, temb);                                          // [B, out, H, W]
            if (attentions != null) h = ((SpatialAttention) attentions.get(i)).call(h, context);
            if (skips == SkipConnections.EVERY_LAYER) states.add(h);
        }
        if (skips == SkipConnections.PER_LEVEL) states.add(h);
        if (downsamplers != null) {
            h = downsamplers.get(0).call(h);                                           // [B, out, H/2, W/2]
            if (skips == SkipConnections.EVERY_LAYER) states.add(h);
        }
        return new Output(h, states);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return call(x, null, null, SkipConnections.PER_LEVEL).hidden();
    }
}
