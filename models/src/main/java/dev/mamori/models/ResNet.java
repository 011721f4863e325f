package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Pool2d;
import dev.mamori.nn.layers.Sequential;

/**
 * ResNet (He et al.) with torchvision's structure and names: conv1, bn1, (maxpool), layer1..layer4 of BasicBlock or
 * Bottleneck blocks (conv1, bn1, conv2, bn2[, conv3, bn3], downsample.{0 conv, 1 BN}), fc. The "imagenet" stem is
 * conv 7x7/2 + max-pool 3x3/2; the "cifar" stem is conv 3x3/1 without max-pool (for 28x28 and 32x32 inputs).
 */
public class ResNet extends Classifier {

    public record Config(String block, int[] layers, int[] widths, String stem, int inChannels, int numClasses, int imageSize) {
        public Config {
            if (!block.equals("basic") && !block.equals("bottleneck")) throw new IllegalArgumentException("block must be basic or bottleneck");
            if (!stem.equals("imagenet") && !stem.equals("cifar")) throw new IllegalArgumentException("stem must be imagenet or cifar");
            if (layers.length != widths.length) throw new IllegalArgumentException("layers and widths differ in length");
        }

        int expansion() {
            return block.equals("basic") ? 1 : 4;
        }
    }

    /** Two 3x3 convolutions with a shortcut. */
    public static class BasicBlock extends Module {
        final Conv2d conv1, conv2;
        final BatchNorm2d bn1, bn2;
        final Sequential downsample;

        BasicBlock(int in, int planes, int stride) {
            conv1 = register("conv1", new Conv2d(in, planes, 3, Conv2d.options().stride(stride).padding(1).bias(false)));
            bn1 = register("bn1", new BatchNorm2d(planes));
            conv2 = register("conv2", new Conv2d(planes, planes, 3, Conv2d.options().padding(1).bias(false)));
            bn2 = register("bn2", new BatchNorm2d(planes));
            downsample = stride != 1 || in != planes ? register("downsample", shortcut(in, planes, stride)) : null;
        }

        @Override
        protected Tensor forward(Tensor x) {
            Tensor out = bn1.call(conv1.call(x)).relu();
            out = bn2.call(conv2.call(out));
            return out.add(downsample == null ? x : downsample.call(x)).relu();
        }
    }

    /** 1x1 reduce, 3x3, 1x1 expand (x4), with a shortcut; stride on the 3x3 as in torchvision. */
    public static class Bottleneck extends Module {
        final Conv2d conv1, conv2, conv3;
        final BatchNorm2d bn1, bn2, bn3;
        final Sequential downsample;

        Bottleneck(int in, int planes, int stride) {
            conv1 = register("conv1", new Conv2d(in, planes, 1, Conv2d.options().bias(false)));
            bn1 = register("bn1", new BatchNorm2d(planes));
            conv2 = register("conv2", new Conv2d(planes, planes, 3, Conv2d.options().stride(stride).padding(1).bias(false)));
            bn2 = register("bn2", new BatchNorm2d(planes));
            conv3 = register("conv3", new Conv2d(planes, planes * 4, 1, Conv2d.options().bias(false)));
            bn3 = register("bn3", new BatchNorm2d(planes * 4));
            downsample = stride != 1 || in != planes * 4 ? register("downsample", shortcut(in, planes * 4, stride)) : null;
        }

        @Override
        protected Tensor forward(Tensor x) {
            Tensor out = bn1.call(conv1.call(x)).relu();
            out = bn2.call(conv2.call(out)).relu();
            out = bn3.call(conv3.call(out));
            return out.add(downsample == null ? x : downsample.call(x)).relu();
        }
    }

    private static Sequential shortcut(int in, int out, int stride) {
        return new Sequential(new Conv2d(in, out, 1, Conv2d.options().stride(stride).bias(false)), new BatchNorm2d(out));
    }

    public final Config config;
    public final Conv2d conv1;
    public final BatchNorm2d bn1;
    private final Pool2d maxpool;
    public final Sequential[] stages;
    public final Linear fc;

    public ResNet(Config c) {
        super(c.numClasses(), c.inChannels(), c.imageSize());
        this.config = c;
        int width0 = c.widths()[0];
        boolean imagenet = c.stem().equals("imagenet");
        this.conv1 = register("conv1", imagenet
                ? new Conv2d(c.inChannels(), width0, 7, Conv2d.options().stride(2).padding(3).bias(false))
                : new Conv2d(c.inChannels(), width0, 3, Conv2d.options().stride(1).padding(1).bias(false)));
        this.bn1 = register("bn1", new BatchNorm2d(width0));
        this.maxpool = imagenet ? register("maxpool", Pool2d.max(3, 2, 1)) : null;
        this.stages = new Sequential[c.layers().length];
        int in = width0;
        for (int s = 0; s < stages.length; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < c.layers()[s]; b++) {
                int stride = b == 0 && s > 0 ? 2 : 1;
                int planes = c.widths()[s];
                stage.add(c.block().equals("basic") ? new BasicBlock(in, planes, stride) : new Bottleneck(in, planes, stride));
                in = planes * c.expansion();
            }
            stages[s] = register("layer" + (s + 1), stage);
        }
        this.fc = register("fc", new Linear(in, c.numClasses()));
    }

    /** Features before fc: [B, channels] after global average pooling. */
    public Tensor features(Tensor images) {
        Tensor x = bn1.call(conv1.call(images)).relu();
        if (maxpool != null) x = maxpool.call(x);
        for (Sequential stage : stages) x = stage.call(x);
        return x.mean(false, 2, 3);
    }

    @Override
    protected Tensor forward(Tensor images) {
        return fc.call(features(images));
    }

    @Override
    protected String extraRepr() {
        return config.block() + " " + java.util.Arrays.toString(config.layers()) + " widths " + java.util.Arrays.toString(config.widths()) + ", stem " + config.stem();
    }
}
