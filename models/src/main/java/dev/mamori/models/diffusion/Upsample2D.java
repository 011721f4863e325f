package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Resampling;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;

/**
 * Doubles the resolution: nearest-neighbour upsampling, then a 3x3 convolution with padding 1
 * (diffusers.models.upsampling.Upsample2D with use_conv; DDPM's and latent diffusion's upsampler). The convolution is
 * named {@code conv} ({@code up_blocks.0.upsamplers.0.conv.weight}).
 */
public class Upsample2D extends Module {
    public final int channels, outChannels;
    public final Conv2d conv;

    public Upsample2D(int channels, int outChannels) {
        this.channels = channels;
        this.outChannels = outChannels;
        this.conv = register("conv", new Conv2d(channels, outChannels, 3, Conv2d.options().padding(1)));
    }

    /** [B, C, H, W] -> [B, out, 2H, 2W]. */
    @Override
    protected Tensor forward(Tensor x) {
        return conv.call(Resampling.upsampleNearest(x, 2));
    }

    @Override
    protected String extraRepr() {
        return channels + ", " + outChannels;
    }
}
