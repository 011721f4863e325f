package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.autograd.ops.Pooling;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;

/**
 * StyleGAN2's residual discriminator block (arXiv 1912.04958, figure 7c): main = lrelu(conv1(lrelu(conv0(x)))) with
 * conv0 3x3 i->i and conv1 3x3 stride 2 i->o; skip = 1x1 conv without bias of avg_pool2d(x, 2); out = (main + skip) *
 * sqrt(0.5), so the variance is kept. Halves the resolution.
 */
public final class DiscriminatorBlock extends Module {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    public final Conv2d conv0, conv1, skip;

    public DiscriminatorBlock(int in, int out) {
        this.conv0 = register("conv0", new Conv2d(in, in, 3, Conv2d.options().padding(1)));
        this.conv1 = register("conv1", new Conv2d(in, out, 3, Conv2d.options().padding(1).stride(2)));
        this.skip = register("skip", new Conv2d(in, out, 1, Conv2d.options().bias(false)));
    }

    /** [B, in, r, r] -> [B, out, r/2, r/2]. */
    @Override
    protected Tensor forward(Tensor x) {
        Tensor main = Activations.leakyRelu(conv0.call(x), SynthesisLayer.LEAKY_SLOPE);
        main = Activations.leakyRelu(conv1.call(main), SynthesisLayer.LEAKY_SLOPE);           // [B, out, r/2, r/2]
        Tensor s = skip.call(Pooling.avgPool2d(x, new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, true));
        return main.add(s).mul(SQRT_HALF);
    }
}
