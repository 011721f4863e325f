package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.crypto.blockwise.BlockNegativePositive;
import dev.mamori.methods.crypto.blockwise.BlockShuffle;
import dev.mamori.methods.encryption.KeyGeometry;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Tanaka's learnable image encryption (LE), one key for all blocks: the image in [0, 1] is split into 4-bit nibbles
 * ({@link FourBitSplit}: C channels become 2C), then in every M x M block of the 2C-channel image, flattened in (row,
 * col, channel) order to u of length L = M*M*2C, the masked nibbles are inverted (15 - n, i.e. 1 - u on the stored
 * n / 15) and the result is shuffled: v[i] = u'[key[i]]. The output has 2C channels in [0, 1]. Decryption undoes the
 * shuffle and the inversion and merges the nibbles (values come back quantised to 8 bits).
 */
public final class TanakaLe implements ImageCipher {
    private final LeKey key;
    private final BlockShuffle shuffle;
    private final BlockNegativePositive inversion;

    public TanakaLe(LeKey key) {
        this.key = key;
        this.shuffle = new BlockShuffle(key.shuffleKey());
        this.inversion = new BlockNegativePositive(key.inversionKey());
    }

    /** LE for images of {@code geometry}, reproducible from {@code seed}. */
    public static TanakaLe fromSeed(long seed, KeyGeometry geometry) {
        return new TanakaLe(LeKey.fromSeed(seed, geometry));
    }

    @Override
    public INDArray encrypt(INDArray images) {
        checkShape(images.shape(), key.geometry().channels(), "plain");
        return shuffle.apply(inversion.apply(FourBitSplit.split(images)));
    }

    @Override
    public INDArray decrypt(INDArray encrypted) {
        checkShape(encrypted.shape(), 2 * key.geometry().channels(), "encrypted");
        return FourBitSplit.merge(inversion.inverse(shuffle.inverse(encrypted)));
    }

    /** The shuffled nibbles merged back into bytes: what an LE image looks like. */
    @Override
    public INDArray viewable(INDArray encrypted) {
        return FourBitSplit.merge(encrypted);
    }

    @Override
    public long[] encodedShape() {
        KeyGeometry g = key.geometry();
        return new long[]{2L * g.channels(), g.height(), g.width()};
    }

    @Override
    public LeKey key() {
        return key;
    }

    @Override
    public boolean preservesEightBit() {
        return true;
    }

    private void checkShape(long[] shape, int channels, String what) {
        KeyGeometry g = key.geometry();
        if (shape.length != 4 || shape[1] != channels || shape[2] != g.height() || shape[3] != g.width()) {
            throw new IllegalArgumentException("LE key " + key.fingerprint() + " takes " + what + " batches [N, " + channels + ", " + g.height()
                    + ", " + g.width() + "]; got " + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return "TanakaLe{" + key + "}";
    }
}
