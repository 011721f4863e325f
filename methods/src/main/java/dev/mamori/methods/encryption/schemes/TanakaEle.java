package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.BlockGeometry;
import dev.mamori.methods.crypto.PixelPermutation;
import dev.mamori.methods.encryption.ImageCipher;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Extended learnable image encryption (ELE): LE with a key per block plus block scrambling. The image in [0, 1] is
 * split into nibbles ({@link FourBitSplit}); output block i of the 2C-channel image is input block
 * src = blockPermutation[i] transformed with src's own LE key: with u the block vector ((row, col, channel) order),
 * out[p] = 1 - u[k] if inversion_src[k] else u[k], where k = shuffle_src[p] (inversion before shuffling, as in
 * {@link TanakaLe}; with one block and equal keys ELE is LE). Block order and per-block keys are our reconstruction.
 * One vectorised {@link PixelPermutation} does the whole scrambling.
 */
public final class TanakaEle implements ImageCipher {
    private final EleKey key;
    private final PixelPermutation forward;
    private final PixelPermutation backward;

    public TanakaEle(EleKey key) {
        this.key = key;
        int m = key.blockSize();
        BlockGeometry g = new BlockGeometry(m, 2 * key.channels(), key.height(), key.width());
        int[] blockPerm = key.blockPermutation();
        int[] source = new int[g.imageLength()];
        boolean[] negated = new boolean[source.length];
        for (int block = 0; block < g.blockCount(); block++) {
            int src = blockPerm[block];
            int[] shuffle = key.shuffle(src);
            boolean[] inversion = key.inversion(src);
            for (int p = 0; p < g.blockLength(); p++) {
                int out = g.imageIndex(block, p);
                source[out] = g.imageIndex(src, shuffle[p]);
                negated[out] = inversion[shuffle[p]];
            }
        }
        this.forward = PixelPermutation.of(g.channels(), g.height(), g.width(), source, negated, 1.0);
        this.backward = forward.inverse();
    }

    public static TanakaEle fromSeed(long seed, int blockSize, int channels, int height, int width) {
        return new TanakaEle(EleKey.fromSeed(seed, blockSize, channels, height, width));
    }

    @Override
    public INDArray encrypt(INDArray images) {
        return forward.apply(FourBitSplit.split(images));
    }

    @Override
    public INDArray decrypt(INDArray encrypted) {
        return FourBitSplit.merge(backward.apply(encrypted));
    }

    /** The scrambled nibbles merged back into bytes: what an ELE image looks like. */
    @Override
    public INDArray viewable(INDArray encrypted) {
        return FourBitSplit.merge(encrypted);
    }

    @Override
    public long[] encodedShape() {
        return new long[]{2L * key.channels(), key.height(), key.width()};
    }

    @Override
    public EleKey key() {
        return key;
    }

    @Override
    public boolean preservesEightBit() {
        return true;
    }

    @Override
    public String toString() {
        return "TanakaEle{" + key + "}";
    }
}
