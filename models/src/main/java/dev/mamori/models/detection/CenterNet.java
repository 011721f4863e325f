package dev.mamori.models.detection;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Sequential;
import dev.mamori.nn.layers.Upsample;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A small CenterNet-style anchor-free detector (Zhou et al. 2019, "Objects as Points"): a backbone of stride-2
 * stages [conv 3x3 without bias, BatchNorm, ReLU], an upsampling neck of [nearest 2x, conv 3x3, BatchNorm, ReLU]
 * blocks, and three heads [conv 3x3 with bias, ReLU, conv 1x1]: a class heatmap (logits, last bias initialised to
 * -2.19 so that sigmoid starts at 0.1), the box size (w, h) and the sub-cell offset of the centre, all on the output
 * map of stride 2^(backbone stages - neck blocks). Parameter names are those of the benchmark suite's PyTorch twin:
 * {@code backbone.<stage>.{0 conv, 1 bn}}, {@code neck.<2j+1>.{0, 1}}, {@code hm.{0, 2}}, {@code wh.{0, 2}},
 * {@code reg.{0, 2}}.
 *
 * <p>{@link #maps(Tensor, FeatureTap)} runs the network with a transform of the feature map after a chosen backbone
 * stage, which access control by encrypted feature maps (docs/METHODS.md item 6) inserts there.
 */
public class CenterNet extends Module {

    /**
     * @param inChannels       image channels
     * @param numClasses       heatmap channels, one per category
     * @param backboneChannels output channels of each stride-2 stage
     * @param neckChannels     output channels of each upsampling block (fewer blocks than stages)
     * @param headChannels     hidden channels of each head
     * @param imageSize        the training image side (the network is fully convolutional: any multiple of the
     *                         backbone's total stride works)
     * @param heatmapBias      initial bias of the heatmap's last convolution (-2.19 in CenterNet)
     */
    public record Config(int inChannels, int numClasses, int[] backboneChannels, int[] neckChannels, int headChannels, int imageSize,
                         double heatmapBias) {
        public Config {
            if (inChannels < 1 || numClasses < 1 || headChannels < 1) {
                throw new IllegalArgumentException("inChannels, numClasses and headChannels must be positive");
            }
            if (backboneChannels == null || backboneChannels.length == 0) throw new IllegalArgumentException("at least one backbone stage is needed");
            if (neckChannels == null || neckChannels.length >= backboneChannels.length) {
                throw new IllegalArgumentException("the neck needs fewer upsampling blocks (" + Arrays.toString(neckChannels)
                        + ") than the backbone has stages (" + Arrays.toString(backboneChannels) + ")");
            }
            for (int c : backboneChannels) if (c < 1) throw new IllegalArgumentException("backbone channels must be positive");
            for (int c : neckChannels) if (c < 1) throw new IllegalArgumentException("neck channels must be positive");
            backboneChannels = backboneChannels.clone();
            neckChannels = neckChannels.clone();
            int stride = 1 << backboneChannels.length;
            if (imageSize < 1 || imageSize % stride != 0) {
                throw new IllegalArgumentException("image size " + imageSize + " must be a positive multiple of the backbone stride " + stride);
            }
        }

        /** The output map's stride: 2^(stages - neck blocks). */
        public int outputStride() {
            return 1 << (backboneChannels.length - neckChannels.length);
        }

        /** The output map's side for {@link #imageSize}. */
        public int outputSize() {
            return imageSize / outputStride();
        }

        /** Channels after backbone stage {@code stage} (0-based). */
        public int stageChannels(int stage) {
            return backboneChannels[stage];
        }

        /** Side of the feature map after backbone stage {@code stage} for {@code imageSize} images. */
        public int stageSize(int stage) {
            return imageSize >> (stage + 1);
        }
    }

    /** The three head maps: heatmap logits [B, classes, h, w], size (w, h) [B, 2, h, w], offset [B, 2, h, w]. */
    public record Maps(Tensor heatmap, Tensor size, Tensor offset) {}

    /** A transform of the feature map after backbone stage {@code stage} (0-based). */
    public record FeatureTap(int stage, UnaryOperator<Tensor> transform) {}

    public final Config config;
    public final Sequential backbone;
    public final Sequential neck;
    public final Sequential hm, wh, reg;

    public CenterNet(Config c) {
        this.config = c;
        Sequential stages = new Sequential();
        int in = c.inChannels();
        for (int out : c.backboneChannels()) {
            stages.add(convBnRelu(in, out, 2));
            in = out;
        }
        this.backbone = register("backbone", stages);
        Sequential up = new Sequential();
        for (int out : c.neckChannels()) {
            up.add(new Upsample(2));
            up.add(convBnRelu(in, out, 1));
            in = out;
        }
        this.neck = register("neck", up);
        this.hm = register("hm", head(in, c.headChannels(), c.numClasses()));
        this.wh = register("wh", head(in, c.headChannels(), 2));
        this.reg = register("reg", head(in, c.headChannels(), 2));
        Conv2d last = (Conv2d) hm.get(2);
        last.bias.setValue(Init.zeros(c.numClasses()).addi(c.heatmapBias()));
    }

    private static Sequential convBnRelu(int in, int out, int stride) {
        return new Sequential(new Conv2d(in, out, 3, Conv2d.options().stride(stride).padding(1).bias(false)), new BatchNorm2d(out),
                Activation.relu());
    }

    private static Sequential head(int in, int hidden, int out) {
        return new Sequential(new Conv2d(in, hidden, 3, Conv2d.options().padding(1)), Activation.relu(), new Conv2d(hidden, out, 1));
    }

    /** The head maps of images [B, C, H, W]. */
    public Maps maps(Tensor images) {
        return maps(images, null);
    }

    /** The head maps with {@code tap}'s transform applied to the feature map after its stage (null: none). */
    public Maps maps(Tensor images, FeatureTap tap) {
        if (tap != null && (tap.stage() < 0 || tap.stage() >= backbone.size())) {
            throw new IllegalArgumentException("feature tap after stage " + tap.stage() + ": the backbone has stages 0.." + (backbone.size() - 1));
        }
        Tensor x = images;
        for (int s = 0; s < backbone.size(); s++) {
            x = backbone.get(s).call(x);                                  // [B, C_s, H / 2^(s+1), W / 2^(s+1)]
            if (tap != null && tap.stage() == s) x = tap.transform().apply(x);
        }
        Tensor features = neck.call(x);                                    // [B, neck, H / stride, W / stride]
        return new Maps(hm.call(features), wh.call(features), reg.call(features));
    }

    /** The three maps concatenated on channels, [B, classes + 4, h, w] (heatmap logits, size, offset). */
    @Override
    protected Tensor forward(Tensor images) {
        Maps m = maps(images);
        return Tensor.cat(List.of(m.heatmap(), m.size(), m.offset()), 1);
    }

    @Override
    protected String extraRepr() {
        return "backbone " + Arrays.toString(config.backboneChannels()) + ", neck " + Arrays.toString(config.neckChannels()) + ", head "
                + config.headChannels() + ", " + config.numClasses() + " classes, stride " + config.outputStride();
    }
}
