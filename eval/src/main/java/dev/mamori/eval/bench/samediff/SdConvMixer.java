package dev.mamori.eval.bench.samediff;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The suite's ConvMixer (166,538 parameters): patch conv 1->128 (kernel = stride = 4), GELU, BatchNorm; 8 blocks of
 * [residual(depthwise 5x5 'same', GELU, BatchNorm), 1x1 conv, GELU, BatchNorm]; global average pool; linear 128->10.
 */
final class SdConvMixer implements SdArchitecture {
    private static final int DIM = 128, DEPTH = 8, KERNEL = 5, PATCH = 4;

    @Override
    public String caseName() {
        return "convmixer";
    }

    @Override
    public long expectedParameters() {
        return 166_538;
    }

    @Override
    public SDVariable logits(SdGraph g, SDVariable images, long batch) {
        long side = IMAGE_SIZE / PATCH;
        long[] map = {batch, side, side, DIM};
        SDVariable x = g.batchNorm("stem.bn", g.geluExact(g.conv2d("stem.conv", images, 1, DIM, PATCH, PATCH, 0, true)), map);
        for (int i = 0; i < DEPTH; i++) {
            String block = "blocks." + i;
            SDVariable mixed = g.batchNorm(block + ".spatial.bn", g.geluExact(g.depthwiseConv2dSame(block + ".spatial.conv", x, DIM, KERNEL)), map);
            x = mixed.add(x);
            x = g.batchNorm(block + ".channel.bn", g.geluExact(g.conv2d(block + ".channel.conv", x, DIM, DIM, 1, 1, 0, true)), map);
        }
        x = x.rename(FEATURES);
        return g.linear("head", x.mean(1, 2), DIM, CLASSES);
    }
}
