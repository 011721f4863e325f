package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;

/**
 * StyleGAN2's residual discriminator (arXiv 1912.04958, figure 7c), without the minibatch standard deviation layer:
 * fromrgb (1x1 conv, leaky ReLU), one {@link DiscriminatorBlock} per level down to 4x4, a 3x3 conv, a dense layer on the
 * flattened 4x4 map and a dense output: images [B, C, R, R] -> logits [B, 1]. Built for one resolution: another image
 * size is an error, never a silent crop or a shape failure deep inside.
 */
public final class ResNetDiscriminator extends Module {
    private final StyleGanConfig config;
    public final Conv2d fromrgb, conv;
    public final ModuleList<DiscriminatorBlock> blocks;
    public final Linear fc, out;

    public ResNetDiscriminator(StyleGanConfig config) {
        this.config = config;
        int[] ch = config.discriminatorChannels();
        this.fromrgb = register("fromrgb", new Conv2d(config.imageChannels(), ch[0], 1));
        this.blocks = register("blocks", new ModuleList<>());
        for (int i = 0; i + 1 < ch.length; i++) blocks.add(new DiscriminatorBlock(ch[i], ch[i + 1]));
        int last = ch[ch.length - 1];
        this.conv = register("conv", new Conv2d(last, last, 3, Conv2d.options().padding(1)));
        this.fc = register("fc", new Linear((long) last * 16, last));
        this.out = register("out", new Linear(last, 1));
    }

    /** images [B, C, R, R] -> logits [B, 1]. */
    @Override
    protected Tensor forward(Tensor x) {
        config.checkImages(x.shape(), "discriminator");
        Tensor h = Activations.leakyRelu(fromrgb.call(x), SynthesisLayer.LEAKY_SLOPE);          // [B, c0, R, R]
        for (DiscriminatorBlock b : blocks) h = b.call(h);                                       // [B, cL, 4, 4]
        h = Activations.leakyRelu(conv.call(h), SynthesisLayer.LEAKY_SLOPE);
        h = Activations.leakyRelu(fc.call(h.flatten(1)), SynthesisLayer.LEAKY_SLOPE);           // [B, cL]
        return out.call(h);                                                                     // [B, 1]
    }
}
