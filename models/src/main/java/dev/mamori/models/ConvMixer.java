package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Residual;
import dev.mamori.nn.layers.Sequential;

/**
 * ConvMixer ("Patches are all you need?", Trockman and Kolter) with timm's names: stem.{0 conv, 1 GELU, 2 BN};
 * blocks.i = [0 Residual(fn = [0 depthwise conv, 1 GELU, 2 BN]), 1 pointwise conv, 2 GELU, 3 BN]; global average
 * pooling; head. An isotropic network: the stem is a patch embedding (kernel = stride = patch size).
 */
public class ConvMixer extends Classifier {

    /** activation: "gelu" (exact) or "relu" (timm's convmixer_768_32 uses ReLU). */
    public record Config(int dim, int depth, int kernelSize, int patchSize, int inChannels, int numClasses, int imageSize,
                         String activation) {
        public Config {
            if (!activation.equals("gelu") && !activation.equals("relu")) throw new IllegalArgumentException("activation must be gelu or relu");
        }
    }

    private static Activation act(Config c) {
        return c.activation().equals("relu") ? Activation.relu() : Activation.gelu();
    }

    public final Config config;
    public final Sequential stem;
    public final Sequential blocks;
    public final Linear head;

    public ConvMixer(Config c) {
        super(c.numClasses(), c.inChannels(), c.imageSize());
        this.config = c;
        int d = c.dim();
        this.stem = register("stem", new Sequential(
                new Conv2d(c.inChannels(), d, c.patchSize(), Conv2d.options().stride(c.patchSize())),
                act(c),
                new BatchNorm2d(d)));
        this.blocks = register("blocks", new Sequential());
        for (int i = 0; i < c.depth(); i++) {
            blocks.add(new Sequential(
                    new Residual(new Sequential(
                            new Conv2d(d, d, c.kernelSize(), Conv2d.options().groups(d).samePadding()),
                            act(c),
                            new BatchNorm2d(d))),
                    new Conv2d(d, d, 1),
                    act(c),
                    new BatchNorm2d(d)));
        }
        this.head = register("head", new Linear(d, c.numClasses()));
    }

    /** The patch-embedding convolution (stem.0), which a secret key can be absorbed into. */
    public Conv2d patchEmbedding() {
        return (Conv2d) stem.get(0);
    }

    /** Features before the head: [B, dim] after global average pooling. */
    public Tensor features(Tensor images) {
        Tensor x = blocks.call(stem.call(images));
        return x.mean(false, 2, 3);
    }

    @Override
    protected Tensor forward(Tensor images) {
        return head.call(features(images));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + config.dim() + ", depth=" + config.depth() + ", kernel=" + config.kernelSize() + ", patch=" + config.patchSize();
    }
}
