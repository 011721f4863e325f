package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Shapes;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;

/**
 * Halves the resolution with a learned 3x3 convolution of stride 2 (diffusers.models.downsampling.Downsample2D with
 * use_conv): padding 1 in the UNet; padding 0 in the VAE's encoder, which first pads one zero column on the right and
 * one zero row at the bottom (latent diffusion's asymmetric padding), so both give ceil(H / 2). The convolution is
 * named {@code conv} as in diffusers checkpoints ({@code down_blocks.0.downsamplers.0.conv.weight}).
 */
public class Downsample2D extends Module {
    public final int channels, outChannels, padding;
    public final Conv2d conv;

    /** {@code padding} 1 (UNet) or 0 (VAE encoder: asymmetric zero padding before the convolution). */
    public Downsample2D(int channels, int outChannels, int padding) {
        if (padding != 0 && padding != 1) throw new IllegalArgumentException("Downsample2D padding must be 0 or 1, got " + padding);
        this.channels = channels;
        this.outChannels = outChannels;
        this.padding = padding;
        this.conv = register("conv", new Conv2d(channels, outChannels, 3, Conv2d.options().stride(2).padding(padding)));
    }

    /** [B, C, H, W] -> [B, out, ceil(H / 2), ceil(W / 2)]. */
    @Override
    protected Tensor forward(Tensor x) {
        Tensor padded = padding == 0 ? Shapes.pad2d(x, 0, 1, 0, 1) : x;   // [B, C, H + 1, W + 1] in the VAE
        return conv.call(padded);
    }

    @Override
    protected String extraRepr() {
        return channels + ", " + outChannels + ", padding=" + padding;
    }
}
