package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;

/**
 * The residual block of diffusion UNets (DDPM, Ho et al. 2020, appendix B, after the Wide ResNet block of Zagoruyko &
 * Komodakis 2016), as diffusers.models.resnet.ResnetBlock2D with time_embedding_norm "default", SiLU and output scale
 * 1: h = conv1(silu(norm1(x))) + time_emb_proj(silu(temb))[:, :, None, None]; h = conv2(dropout(silu(norm2(h))));
 * output = shortcut(x) + h, where the shortcut is {@code conv_shortcut} (1x1 with bias) when the channel count changes
 * and the identity otherwise. Without time-embedding channels the block has no {@code time_emb_proj} (the VAE's blocks).
 * Parameter names are diffusers' (norm1, conv1, time_emb_proj, norm2, conv2, conv_shortcut).
 */
public class ResnetBlock2D extends Module {
    public final int inChannels, outChannels, tembChannels;
    public final GroupNorm norm1, norm2;
    public final Conv2d conv1, conv2, convShortcut;
    public final Linear timeEmbProj;
    private final Dropout dropout;

    /** diffusers' defaults: 32 groups, eps 1e-6, dropout 0 (Stable Diffusion sets eps 1e-5). */
    public static final class Options {
        int groups = 32;
        double eps = 1e-6, dropout = 0;

        public Options groups(int g) { this.groups = g; return this; }
        public Options eps(double e) { this.eps = e; return this; }
        public Options dropout(double p) { this.dropout = p; return this; }
    }

    public static Options options() {
        return new Options();
    }

    /** A block from {@code in} to {@code out} channels; {@code tembChannels} 0 means no time embedding. */
    public ResnetBlock2D(int in, int out, int tembChannels, Options o) {
        if (tembChannels < 0) throw new IllegalArgumentException("ResnetBlock2D: temb channels must be >= 0, got " + tembChannels);
        this.inChannels = in;
        this.outChannels = out;
        this.tembChannels = tembChannels;
        this.norm1 = register("norm1", new GroupNorm(o.groups, in, o.eps));
        this.conv1 = register("conv1", new Conv2d(in, out, 3, Conv2d.options().padding(1)));
        this.timeEmbProj = tembChannels > 0 ? register("time_emb_proj", new Linear(tembChannels, out)) : null;
        this.norm2 = register("norm2", new GroupNorm(o.groups, out, o.eps));
        this.dropout = register("dropout", new Dropout(o.dropout));
        this.conv2 = register("conv2", new Conv2d(out, out, 3, Conv2d.options().padding(1)));
        this.convShortcut = in != out ? register("conv_shortcut", new Conv2d(in, out, 1)) : null;
    }

    /** x [B, in, H, W] and temb [B, temb_channels] (null when the block has none) -> [B, out, H, W]. */
    public Tensor call(Tensor x, Tensor temb) {
        return hooked(compute(x, temb));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return compute(x, null);
    }

    private Tensor compute(Tensor x, Tensor temb) {
        if ((temb == null) != (timeEmbProj == null)) {
            throw new IllegalArgumentException("ResnetBlock2D with temb channels " + tembChannels + " was given "
                    + (temb == null ? "no" : "a") + " time embedding");
        }
        Tensor h = conv1.call(Activations.silu(norm1.call(x)));                     // [B, out, H, W]
        if (temb != null) {
            Tensor t = timeEmbProj.call(Activations.silu(temb));                      // [B, out]
            h = h.add(t.reshape(t.size(0), outChannels, 1, 1));                       // [B, out, H, W]
        }
        h = conv2.call(dropout.call(Activations.silu(norm2.call(h))));               // [B, out, H, W]
        Tensor shortcut = convShortcut == null ? x : convShortcut.call(x);            // [B, out, H, W]
        return shortcut.add(h);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + (tembChannels > 0 ? ", temb_channels=" + tembChannels : "");
    }
}
