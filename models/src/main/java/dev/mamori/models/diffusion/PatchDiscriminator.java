package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Sequential;

/**
 * The PatchGAN discriminator of pix2pix (Isola et al. 2017, arXiv 1611.07004, section 3.2.2), as latent diffusion's
 * autoencoder loss uses it (taming-transformers' NLayerDiscriminator): 4x4 convolutions, the first and each of the
 * {@code layers} - 1 next with stride 2 doubling the width (capped at 8x), a stride-1 one, then a 1-channel map; batch
 * norm after every convolution but the first and last, leaky ReLU 0.2. It scores overlapping patches of an image as
 * real or reconstructed. Names main.i as in the reference.
 */
public class PatchDiscriminator extends Module {
    public final Sequential main;

    /** Over images of {@code channels}, first width {@code width}, {@code layers} downsampling convolutions. */
    public PatchDiscriminator(int channels, int width, int layers) {
        if (layers < 1) throw new IllegalArgumentException("patch discriminator needs at least one layer");
        this.main = register("main", new Sequential());
        main.add(new Conv2d(channels, width, 4, Conv2d.options().stride(2).padding(1)));
        main.add(Activation.leakyRelu(0.2));
        int mult = 1;
        for (int i = 1; i < layers; i++) {
            int prev = mult;
            mult = Math.min(1 << i, 8);
            main.add(new Conv2d(width * prev, width * mult, 4, Conv2d.options().stride(2).padding(1).bias(false)));
            main.add(new BatchNorm2d(width * mult));
            main.add(Activation.leakyRelu(0.2));
        }
        int prev = mult;
        mult = Math.min(1 << layers, 8);
        main.add(new Conv2d(width * prev, width * mult, 4, Conv2d.options().padding(1).bias(false)));
        main.add(new BatchNorm2d(width * mult));
        main.add(Activation.leakyRelu(0.2));
        main.add(new Conv2d(width * mult, 1, 4, Conv2d.options().padding(1)));
    }

    /** Images [B, C, H, W] in [-1, 1] -> patch logits [B, 1, h, w]. */
    @Override
    protected Tensor forward(Tensor x) {
        return main.call(x);
    }
}
