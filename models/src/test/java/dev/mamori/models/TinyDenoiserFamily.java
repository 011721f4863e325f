package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;

/**
 * A family of another kind, registered by this test module's own service file the way a downstream module (the
 * generative models) registers its families: proves the registry finds families it does not list.
 */
public final class TinyDenoiserFamily extends ModelFamily<TinyDenoiserFamily.Config, TinyDenoiserFamily.TinyDenoiser> {

    /** channels: image channels in and out; width: hidden channels. */
    public record Config(int channels, int imageSize, int width) {}

    /** conv 3x3 -> ReLU -> conv 3x3: [B, C, H, W] -> [B, C, H, W]. */
    public static final class TinyDenoiser extends Module {
        final Config config;
        final Conv2d in, out;

        TinyDenoiser(Config c) {
            this.config = c;
            this.in = register("conv_in", new Conv2d(c.channels(), c.width(), 3, Conv2d.options().padding(1)));
            this.out = register("conv_out", new Conv2d(c.width(), c.channels(), 3, Conv2d.options().padding(1)));
        }

        @Override
        protected Tensor forward(Tensor x) {
            return out.call(in.call(x).relu());
        }
    }

    public TinyDenoiserFamily() {
        super("tiny_denoiser", ModelKind.DIFFUSION, TinyDenoiser.class, Config.class, new Config(3, 8, 4));
        // (3*4*9 + 4) + (4*3*9 + 3) = 112 + 111 parameters
        register("tiny_denoiser_8", new Config(3, 8, 4), "a two-layer test denoiser", null, 223);
    }

    @Override
    public TinyDenoiser create(Config config) {
        return new TinyDenoiser(config);
    }

    @Override
    public Config configOf(TinyDenoiser model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(Config c) {
        return Preprocessing.image(c.channels(), c.imageSize(), false);
    }
}
