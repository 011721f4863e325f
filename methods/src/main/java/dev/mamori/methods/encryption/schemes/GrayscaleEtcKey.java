package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.ImageKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The key of {@link GrayscaleEtc} for C x H x W colour images: an {@link EtcKey} for the one-channel image of
 * C*H x W in which the colour planes are stacked (B' = C * (H/M) * (W/M) blocks; colour orders are trivial with
 * one channel). {@link #fromSeed} and {@link #random} draw it as {@link EtcKey#generate} draws a key for that gray
 * image.
 */
public final class GrayscaleEtcKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "gray_etc";

    private final EtcKey grayKey;

    /** The same (already validated, immutable) material under another id. */
    private GrayscaleEtcKey(GrayscaleEtcKey other, String id) {
        super(other, id);
        this.grayKey = other.grayKey;
    }

    private GrayscaleEtcKey(KeyGeometry geometry, EtcKey grayKey) {
        super(geometry);
        if (grayKey.channels() != 1 || grayKey.height() != geometry.channels() * geometry.height() || grayKey.width() != geometry.width()
                || grayKey.blockSize() != geometry.blockSize()) {
            throw new IllegalArgumentException("a grayscale-based EtC key for " + geometry + " is an EtC key for 1 x "
                    + geometry.channels() * geometry.height() + " x " + geometry.width() + " images; got " + grayKey);
        }
        this.grayKey = grayKey;
    }

    /** The gray image's geometry for colour images of {@code g}: 1 x C*H x W, same block size. */
    public static KeyGeometry grayGeometry(KeyGeometry g) {
        return new KeyGeometry(1, g.channels() * g.height(), g.width(), g.blockSize());
    }

    public static GrayscaleEtcKey of(KeyGeometry geometry, EtcKey grayKey) {
        return new GrayscaleEtcKey(geometry, grayKey);
    }

    /** A key reproducible from {@code seed} (experiments and tests). */
    public static GrayscaleEtcKey fromSeed(long seed, KeyGeometry geometry) {
        return generate(KeySource.seeded(seed), geometry);
    }

    /** A fresh unpredictable key. */
    public static GrayscaleEtcKey random(KeyGeometry geometry) {
        return generate(KeySource.secure(), geometry);
    }

    public static GrayscaleEtcKey generate(RandomGenerator rng, KeyGeometry geometry) {
        KeyGeometry gray = grayGeometry(geometry);
        return new GrayscaleEtcKey(geometry, EtcKey.generate(rng, gray.blockSize(), 1, gray.height(), gray.width()));
    }

    /** The key a key file's material describes. */
    public static GrayscaleEtcKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        KeyGeometry gray = grayGeometry(g);
        int[][] colour = new int[gray.blockCount()][];
        Arrays.fill(colour, new int[]{0});
        return new GrayscaleEtcKey(g, EtcKey.of(gray.blockSize(), 1, gray.height(), gray.width(), m.ints("block_permutation"),
                m.ints("rotation"), m.ints("flip"), m.bits("negative_positive"), colour));
    }

    /**
     * The key space: B'! (8 x 2)^B' distinct encryptions (B'! (4 x 3 x 2)^B' keys) with B' = C * B blocks: more
     * blocks to scramble than colour EtC's B, no colour orders.
     */
    public static KeySpace keySpace(KeyGeometry g) {
        int b = grayGeometry(g).blockCount();
        BigInteger order = KeySpace.factorial(b);
        return KeySpace.discrete(order.multiply(KeySpace.big(24).pow(b)), order.multiply(KeySpace.big(g.blockSize() > 1 ? 16 : 2).pow(b)),
                "B'! (4 x 3 x 2)^B' keys, B'! (8 x 2)^B' distinct; B' = C x B = " + b,
                "colour planes stacked into one gray image, its blocks scrambled across planes");
    }

    /** The EtC key of the stacked gray image. */
    public EtcKey grayKey() {
        return grayKey;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        return new KeyMaterial().ints("block_permutation", grayKey.blockPermutation()).ints("rotation", grayKey.rotation())
                .ints("flip", grayKey.flip()).bits("negative_positive", grayKey.negativePositive());
    }

    @Override
    public GrayscaleEtcKey withId(String id) {
        return new GrayscaleEtcKey(this, id);
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(geometry());
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        GrayscaleEtcKey k = (GrayscaleEtcKey) other;
        return grayKey.equals(k.grayKey);
    }
}
