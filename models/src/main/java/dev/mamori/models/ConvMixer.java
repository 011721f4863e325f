package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Residual;
import dev.mamori.nn.layers.Sequential;

import java.util.List;

/**
 * ConvMixer ("Patches are all you need?", Trockman and Kolter) with timm's names: stem.{0 conv, 1 GELU, 2 BN};
 * blocks.i = [0 Residual(fn = [0 depthwise conv, 1 GELU, 2 BN]), 1 pointwise conv, 2 GELU, 3 BN]; global average
 * pooling; head. An isotropic network ({@link PatchEmbeddedModel}): the stem's convolution {@code stem.0} is a patch
 * embedding (kernel = stride = patch size); the backbone between it and the head is the stem's activation and batch
 * norm, the blocks and the pooling.
 */
public class ConvMixer extends Classifier implements PatchEmbeddedModel {
    /** LoRA targets: the pointwise (channel-mixing) convolution of every block, blocks.i.1 in timm's names. */
    public static final List<String> ADAPTER_TARGETS = List.of("blocks.*.1");

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

    /** Features before the head: [B, dim] after global average pooling. */
    public Tensor features(Tensor images) {
        Tensor x = blocks.call(stem.call(images)); // [B, dim, H/P, W/P]
        return x.mean(false, 2, 3);
    }

    // ------------------------------------------------------------------ PatchEmbeddedModel

    @Override
    public Classifier asClassifier() {
        return this;
    }

    @Override
    public int patchSize() {
        return config.patchSize();
    }

    @Override
    public int embedDim() {
        return config.dim();
    }

    /** The patch-embedding convolution (stem.0), which a secret key can be absorbed into. */
    @Override
    public Conv2d patchEmbedding() {
        return (Conv2d) stem.get(0);
    }

    @Override
    public String patchEmbeddingPath() {
        return "stem.0";
    }

    @Override
    public String patchProjectionPath() {
        return "stem.0";
    }

    @Override
    public Conv2d newPatchEmbedding() {
        return new Conv2d(config.inChannels(), config.dim(), config.patchSize(), Conv2d.options().stride(config.patchSize()));
    }

    /** The patch map [B, dim, H/P, W/P] to features [B, dim]: the stem's activation (stem.1) and batch norm (stem.2), blocks, pooling. */
    @Override
    public Tensor featuresFromEmbedding(Tensor patches) {
        Tensor x = stem.get(2).call(stem.get(1).call(patches));
        return blocks.call(x).mean(false, 2, 3);
    }

    @Override
    public Linear head() {
        return head;
    }

    @Override
    public String headPath() {
        return "head";
    }

    @Override
    public List<String> adapterTargets() {
        return ADAPTER_TARGETS;
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
