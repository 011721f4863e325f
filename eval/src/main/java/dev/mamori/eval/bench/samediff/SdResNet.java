package dev.mamori.eval.bench.samediff;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The suite's CIFAR-style ResNet (701,178 parameters): 3x3 stem conv 1->16 without bias, BatchNorm, ReLU; 4 stages
 * of 2 basic blocks, widths 16, 32, 64, 128 (stride 2 at the first block of stages 2-4, 1x1 conv + BatchNorm
 * shortcut when the shape changes); global average pool; linear 128->10. Feature maps 28, 28, 14, 7, 4.
 */
final class SdResNet implements SdArchitecture {
    private static final int[] WIDTHS = {16, 32, 64, 128};
    private static final int BLOCKS_PER_STAGE = 2;

    @Override
    public String caseName() {
        return "resnet";
    }

    @Override
    public long expectedParameters() {
        return 701_178;
    }

    @Override
    public SDVariable logits(SdGraph g, SDVariable images, long batch) {
        long side = IMAGE_SIZE, channels = WIDTHS[0];
        SDVariable x = g.relu(g.batchNorm("stem.bn", g.conv2d("stem.conv", images, 1, channels, 3, 1, 1, false), batch, side, side, channels));
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            for (int j = 0; j < BLOCKS_PER_STAGE; j++) {
                int stride = j == 0 && stage > 0 ? 2 : 1;
                x = basicBlock(g, "layer" + (stage + 1) + "." + j, x, batch, side, channels, WIDTHS[stage], stride);
                side = (side - 1) / stride + 1; // 3x3 with padding 1 (and the 1x1 shortcut) at this stride
                channels = WIDTHS[stage];
            }
        }
        x = x.rename(FEATURES);
        return g.linear("fc", x.mean(1, 2), channels, CLASSES);
    }

    private static SDVariable basicBlock(SdGraph g, String name, SDVariable x, long batch, long side, long in, long out, int stride) {
        long outSide = (side - 1) / stride + 1;
        long[] shape = {batch, outSide, outSide, out};
        SDVariable y = g.relu(g.batchNorm(name + ".bn1", g.conv2d(name + ".conv1", x, in, out, 3, stride, 1, false), shape));
        y = g.batchNorm(name + ".bn2", g.conv2d(name + ".conv2", y, out, out, 3, 1, 1, false), shape);
        SDVariable shortcut = stride == 1 && in == out ? x
                : g.batchNorm(name + ".shortcut.bn", g.conv2d(name + ".shortcut.conv", x, in, out, 1, stride, 0, false), shape);
        return g.relu(y.add(shortcut));
    }
}
