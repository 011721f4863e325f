package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;

import java.math.BigInteger;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * One block-wise transform of the key-based defense (docs/METHODS.md item 1) used as an encryption scheme: a
 * {@link SecretKey} (shuffle, negative/positive or FFX, the same key for every M x M block) together with the image
 * geometry it is used for. The key is drawn as {@link SecretKey#generate} draws it. Scheme names: {@code block_shuffle},
 * {@code block_negative_positive}, {@code block_ffx}.
 */
public final class BlockwiseKey implements EncryptionKey {
    private final KeyGeometry geometry;
    private final SecretKey key;

    private BlockwiseKey(KeyGeometry geometry, SecretKey key) {
        if (key.blockSize() != geometry.blockSize() || key.channels() != geometry.channels()) {
            throw new IllegalArgumentException("block-wise key " + key + " does not fit images " + geometry);
        }
        this.geometry = geometry;
        this.key = key;
    }

    public static BlockwiseKey of(KeyGeometry geometry, SecretKey key) {
        return new BlockwiseKey(geometry, key);
    }

    /** The scheme name of a transform kind ({@code block_shuffle}, ...). */
    public static String schemeName(TransformKind kind) {
        return "block_" + kind.fileName();
    }

    /** The transform kind of a scheme name, or null when it is not a block-wise scheme. */
    public static TransformKind kindOf(String scheme) {
        for (TransformKind k : TransformKind.values()) if (schemeName(k).equals(scheme)) return k;
        return null;
    }

    public static BlockwiseKey fromSeed(long seed, TransformKind kind, KeyGeometry geometry) {
        return generate(KeySource.seeded(seed), kind, geometry);
    }

    public static BlockwiseKey random(TransformKind kind, KeyGeometry geometry) {
        return generate(KeySource.secure(), kind, geometry);
    }

    public static BlockwiseKey generate(RandomGenerator rng, TransformKind kind, KeyGeometry geometry) {
        return new BlockwiseKey(geometry, SecretKey.generate(kind, geometry.blockSize(), geometry.channels(), rng));
    }

    /** The key a key file's material describes. */
    public static BlockwiseKey fromMaterial(TransformKind kind, KeyGeometry g, KeyMaterial m) {
        SecretKey k = switch (kind) {
            case SHUFFLE -> SecretKey.shuffle(g.blockSize(), g.channels(), m.ints("permutation"));
            case NEGATIVE_POSITIVE -> SecretKey.negativePositive(g.blockSize(), g.channels(), m.bits("mask"));
            case FFX -> SecretKey.ffx(g.blockSize(), g.channels(), m.bits("mask"), m.bytes("aes_key"));
        };
        return new BlockwiseKey(g, k);
    }

    /**
     * Key spaces as drawn (L = M*M*C, k = L - 1 - floor(L/2) marked positions): shuffle L!; negative/positive C(L, k);
     * FFX C(L, k) x 2^128 (AES-128).
     */
    public static KeySpace keySpace(TransformKind kind, KeyGeometry g) {
        int l = g.blockSize() * g.blockSize() * g.channels();
        int k = l - 1 - l / 2;
        return switch (kind) {
            case SHUFFLE -> KeySpace.discrete(KeySpace.factorial(l), "L!; L = M*M*C = " + l, "one key for every block");
            case NEGATIVE_POSITIVE -> KeySpace.discrete(KeySpace.binomial(l, k), "C(L, k); L = " + l + ", k = " + k, "one key for every block");
            case FFX -> KeySpace.discrete(KeySpace.binomial(l, k).multiply(BigInteger.TWO.pow(128)),
                    "C(L, k) 2^128; L = " + l + ", k = " + k, "a mask and an AES-128 key; one key for every block");
        };
    }

    public SecretKey secretKey() {
        return key;
    }

    public TransformKind kind() {
        return key.kind();
    }

    @Override
    public String scheme() {
        return schemeName(key.kind());
    }

    @Override
    public KeyGeometry geometry() {
        return geometry;
    }

    @Override
    public KeyMaterial material() {
        KeyMaterial m = new KeyMaterial();
        if (key.kind() == TransformKind.SHUFFLE) m.ints("permutation", key.permutation());
        else m.bits("mask", key.mask());
        if (key.kind() == TransformKind.FFX) m.bytes("aes_key", key.aesKey());
        return m;
    }

    /** The block-wise key's own fingerprint (as the key-based defense reports it). */
    @Override
    public String fingerprint() {
        return key.id();
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(key.kind(), geometry);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockwiseKey b && geometry.equals(b.geometry) && key.equals(b.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "BlockwiseKey{" + key.kind().fileName().toLowerCase(Locale.ROOT) + ", " + geometry + ", fingerprint=" + key.id() + "}";
    }
}
