package dev.mamori.methods.encryption;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockNegativePositive;
import dev.mamori.methods.crypto.blockwise.BlockShuffle;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.random.RandomGenerator;

/**
 * Tanaka's learnable image encryption (LE), one key for all blocks: the image in [0, 1] is split into 4-bit nibbles
 * ({@link FourBitSplit}: C channels become 2C), then in every M x M block of the 2C-channel image, flattened in (row,
 * col, channel) order to u of length L = M*M*2C, the masked nibbles are inverted (15 - n, i.e. 1 - u on the stored
 * n / 15) and the result is shuffled: v[i] = u'[key[i]]. The output has 2C channels in [0, 1]. Decryption undoes the
 * shuffle and the inversion and merges the nibbles (values come back quantised to 8 bits).
 *
 * <p>The key is a pair of block-wise {@link SecretKey}s for 2C channels: a shuffle key and a negative/positive key.
 * {@link #fromSeed} draws both from one {@code KeySource.seeded(seed)}, shuffle first.
 */
public final class TanakaLe implements ImageCipher {
    private final BlockShuffle shuffle;
    private final BlockNegativePositive inversion;

    public TanakaLe(SecretKey shuffleKey, SecretKey inversionKey) {
        if (shuffleKey.blockSize() != inversionKey.blockSize() || shuffleKey.channels() != inversionKey.channels()) {
            throw new IllegalArgumentException("LE keys must share block size and channel count; got " + shuffleKey + " and " + inversionKey);
        }
        if (shuffleKey.channels() % 2 != 0) {
            throw new IllegalArgumentException("LE keys act on the 4-bit split image (2C channels); got " + shuffleKey.channels() + " channels");
        }
        this.shuffle = new BlockShuffle(shuffleKey);
        this.inversion = new BlockNegativePositive(inversionKey);
    }

    /** LE for C-channel images with block size M (keys for 2C channels), reproducible from {@code seed}. */
    public static TanakaLe fromSeed(long seed, int blockSize, int channels) {
        return generate(KeySource.seeded(seed), blockSize, channels);
    }

    /** LE with fresh unpredictable keys. */
    public static TanakaLe random(int blockSize, int channels) {
        return generate(KeySource.secure(), blockSize, channels);
    }

    /** Both keys drawn from {@code rng}, shuffle first. */
    public static TanakaLe generate(RandomGenerator rng, int blockSize, int channels) {
        SecretKey s = SecretKey.generate(TransformKind.SHUFFLE, blockSize, 2 * channels, rng);
        SecretKey n = SecretKey.generate(TransformKind.NEGATIVE_POSITIVE, blockSize, 2 * channels, rng);
        return new TanakaLe(s, n);
    }

    @Override
    public INDArray encrypt(INDArray images) {
        return shuffle.apply(inversion.apply(FourBitSplit.split(images)));
    }

    @Override
    public INDArray decrypt(INDArray encrypted) {
        return FourBitSplit.merge(inversion.inverse(shuffle.inverse(encrypted)));
    }

    public SecretKey shuffleKey() {
        return shuffle.key();
    }

    public SecretKey inversionKey() {
        return inversion.key();
    }

    /** Both keys' fingerprints, shuffle then inversion. */
    @Override
    public String keyFingerprint() {
        return shuffle.keyFingerprint() + "+" + inversion.keyFingerprint();
    }

    @Override
    public String toString() {
        return "TanakaLe{shuffle=" + shuffle.key() + ", inversion=" + inversion.key() + "}";
    }
}
