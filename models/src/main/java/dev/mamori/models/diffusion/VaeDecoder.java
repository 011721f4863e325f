package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.GroupNorm;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.ResnetBlock2D;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The KL autoencoder's decoder (latent diffusion's Decoder; diffusers.models.autoencoders.vae.Decoder): conv_in from
 * the latent channels to the deepest width, mid_block (resnet, self-attention, resnet), up_blocks.i deepest first
 * (layers_per_block + 1 resnets without skips, then an upsampler except at the last level), conv_norm_out, SiLU,
 * conv_out to image channels. Resnet and norm eps 1e-6.
 */
public class VaeDecoder extends Module {
    public final Conv2d convIn, convOut;
    public final UNetMidBlock midBlock;
    public final ModuleList<UNetUpBlock> upBlocks;
    public final GroupNorm convNormOut;

    public VaeDecoder(AutoencoderKL.Config c) {
        int[] ch = c.blockOutChannels();
        int levels = ch.length;
        ResnetBlock2D.Options ro = ResnetBlock2D.options().groups(c.normNumGroups()).eps(AutoencoderKL.EPS);
        this.convIn = register("conv_in", new Conv2d(c.latentChannels(), ch[levels - 1], 3, Conv2d.options().padding(1)));
        this.midBlock = register("mid_block", AutoencoderKL.midBlock(c));
        this.upBlocks = register("up_blocks", new ModuleList<>());
        int prev = ch[levels - 1];
        for (int i = 0; i < levels; i++) {
            int out = ch[levels - 1 - i];
            List<ResnetBlock2D> resnets = new ArrayList<>();
            for (int j = 0; j <= c.layersPerBlock(); j++) resnets.add(new ResnetBlock2D(j == 0 ? prev : out, out, 0, ro));
            boolean last = i == levels - 1;
            upBlocks.add(new UNetUpBlock(resnets, new boolean[resnets.size()], List.of(), last ? null : new Upsample2D(out, out)));
            prev = out;
        }
        this.convNormOut = register("conv_norm_out", new GroupNorm(c.normNumGroups(), ch[0], AutoencoderKL.EPS));
        this.convOut = register("conv_out", new Conv2d(ch[0], c.outChannels(), 3, Conv2d.options().padding(1)));
    }

    /** Latents [B, latent, h, w] (after post_quant_conv) -> images [B, C, h 2^(levels-1), w 2^(levels-1)], about [-1, 1]. */
    @Override
    protected Tensor forward(Tensor z) {
        Tensor h = midBlock.call(convIn.call(z), null, null);
        for (UNetUpBlock up : upBlocks) h = up.call(h, new ArrayDeque<>(), null, null);
        return convOut.call(Activations.silu(convNormOut.call(h)));
    }
}
