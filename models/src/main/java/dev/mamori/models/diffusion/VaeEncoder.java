package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.GroupNorm;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.ResnetBlock2D;

import java.util.ArrayList;
import java.util.List;

/**
 * The KL autoencoder's encoder (latent diffusion's Encoder; diffusers.models.autoencoders.vae.Encoder with
 * double_z): conv_in, down_blocks.i (resnets without time embedding, then a padding-0 downsampler except at the last
 * level), mid_block (resnet, single-head self-attention, resnet), conv_norm_out, SiLU, conv_out to 2 x latent
 * channels (the posterior's mean and log-variance). Resnet and norm eps 1e-6.
 */
public class VaeEncoder extends Module {
    public final Conv2d convIn, convOut;
    public final ModuleList<UNetDownBlock> downBlocks;
    public final UNetMidBlock midBlock;
    public final GroupNorm convNormOut;

    public VaeEncoder(AutoencoderKL.Config c) {
        int[] ch = c.blockOutChannels();
        ResnetBlock2D.Options ro = ResnetBlock2D.options().groups(c.normNumGroups()).eps(AutoencoderKL.EPS);
        this.convIn = register("conv_in", new Conv2d(c.inChannels(), ch[0], 3, Conv2d.options().padding(1)));
        this.downBlocks = register("down_blocks", new ModuleList<>());
        int prev = ch[0];
        for (int i = 0; i < ch.length; i++) {
            List<ResnetBlock2D> resnets = new ArrayList<>();
            for (int j = 0; j < c.layersPerBlock(); j++) resnets.add(new ResnetBlock2D(j == 0 ? prev : ch[i], ch[i], 0, ro));
            boolean last = i == ch.length - 1;
            downBlocks.add(new UNetDownBlock(resnets, List.of(), last ? null : new Downsample2D(ch[i], ch[i], 0)));
            prev = ch[i];
        }
        this.midBlock = register("mid_block", AutoencoderKL.midBlock(c));
        this.convNormOut = register("conv_norm_out", new GroupNorm(c.normNumGroups(), prev, AutoencoderKL.EPS));
        this.convOut = register("conv_out", new Conv2d(prev, 2 * c.latentChannels(), 3, Conv2d.options().padding(1)));
    }

    /** Images [B, C, H, W] in [-1, 1] -> moments [B, 2 latent, H / 2^(levels-1), W / 2^(levels-1)]. */
    @Override
    protected Tensor forward(Tensor x) {
        Tensor h = convIn.call(x);
        for (UNetDownBlock down : downBlocks) h = down.call(h, null, null, SkipConnections.PER_LEVEL).hidden();
        h = midBlock.call(h, null, null);
        return convOut.call(Activations.silu(convNormOut.call(h)));
    }
}
