package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.ResnetBlock2D;

import java.util.ArrayList;
import java.util.List;

/**
 * The middle of a UNet or VAE at the lowest resolution (diffusers' UNetMidBlock2DCrossAttn and UNetMidBlock2D):
 * {@code resnets.0}, then for each i {@code attentions.i} and {@code resnets.i+1}.
 */
public class UNetMidBlock extends Module {
    public final ModuleList<ResnetBlock2D> resnets;
    public final ModuleList<Module> attentions;

    /** {@code resnets} has one more element than {@code attentions} (each a {@link SpatialAttention}). */
    public UNetMidBlock(List<ResnetBlock2D> resnets, List<? extends Module> attentions) {
        if (resnets.size() != attentions.size() + 1) {
            throw new IllegalArgumentException("a mid block has one resnet more than attentions, got " + resnets.size() + " and " + attentions.size());
        }
        this.resnets = register("resnets", new ModuleList<>(resnets));
        this.attentions = attentions.isEmpty() ? null : register("attentions", new ModuleList<>(new ArrayList<>(attentions)));
    }

    /** x [B, C, H, W], temb [B, T] or null, context [B, M, D] or null -> [B, C, H, W]. */
    public Tensor call(Tensor x, Tensor temb, Tensor context) {
        Tensor h = resnets.get(0).call(x, temb);
        for (int i = 1; i < resnets.size(); i++) {
            h = ((SpatialAttention) attentions.get(i - 1)).call(h, context);
            h = resnets.get(i).call(h, temb);
        }
        return h;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return call(x, null, null);
    }
}
