package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.encryption.ImageKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;

import java.util.random.RandomGenerator;

/**
 * The key of {@link TanakaLe} for C x H x W images: one shuffle permutation and one inversion mask over the
 * L = M*M*2C nibbles of a block of the 4-bit split image, the same for every block. They are block-wise
 * {@link SecretKey}s for 2C channels (shuffle and negative/positive); {@link #fromSeed} draws both from one
 * {@code KeySource.seeded(seed)}, shuffle first ({@link SecretKey#generate}); {@link #random} from
 * {@link KeySource#secure()}.
 */
public final class LeKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "le";

    private final SecretKey shuffle;
    private final SecretKey inversion;

    /** The same (already validated, immutable) material under another id. */
    private LeKey(LeKey other, String id) {
        super(other, id);
        this.shuffle = other.shuffle;
        this.inversion = other.inversion;
    }

    private LeKey(KeyGeometry geometry, SecretKey shuffle, SecretKey inversion) {
        super(geometry);
        if (shuffle.kind() != TransformKind.SHUFFLE || inversion.kind() != TransformKind.NEGATIVE_POSITIVE) {
            throw new IllegalArgumentException("an LE key is a shuffle key and a negative/positive key; got " + shuffle + " and " + inversion);
        }
        if (shuffle.blockSize() != inversion.blockSize() || shuffle.channels() != inversion.channels()) {
            throw new IllegalArgumentException("LE keys must share block size and channel count; got " + shuffle + " and " + inversion);
        }
        if (shuffle.channels() != 2 * geometry.channels() || shuffle.blockSize() != geometry.blockSize()) {
            throw new IllegalArgumentException("LE keys act on the 4-bit split image (2C channels, block " + geometry.blockSize() + "); got "
                    + shuffle.channels() + " channels, block " + shuffle.blockSize() + " for " + geometry);
        }
        this.shuffle = shuffle;
        this.inversion = inversion;
    }

    /** From the two block-wise keys (for 2C channels). */
    public static LeKey of(KeyGeometry geometry, SecretKey shuffle, SecretKey inversion) {
        return new LeKey(geometry, shuffle, inversion);
    }

    /** A key reproducible from {@code seed} (experiments and tests). */
    public static LeKey fromSeed(long seed, KeyGeometry geometry) {
        return generate(KeySource.seeded(seed), geometry);
    }

    /** A fresh unpredictable key. */
    public static LeKey random(KeyGeometry geometry) {
        return generate(KeySource.secure(), geometry);
    }

    /** Both parts drawn from {@code rng}, shuffle first. */
    public static LeKey generate(RandomGenerator rng, KeyGeometry geometry) {
        SecretKey s = SecretKey.generate(TransformKind.SHUFFLE, geometry.blockSize(), 2 * geometry.channels(), rng);
        SecretKey n = SecretKey.generate(TransformKind.NEGATIVE_POSITIVE, geometry.blockSize(), 2 * geometry.channels(), rng);
        return new LeKey(geometry, s, n);
    }

    /** The key a key file's material describes. */
    public static LeKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        return new LeKey(g, SecretKey.shuffle(g.blockSize(), 2 * g.channels(), m.ints("shuffle")),
                SecretKey.negativePositive(g.blockSize(), 2 * g.channels(), m.bits("inversion")));
    }

    /** LE's key space as drawn: L! shuffles x C(L, k) masks with k = L - 1 - floor(L / 2) inverted nibbles, L = M*M*2C. */
    public static KeySpace keySpace(KeyGeometry g) {
        int l = g.blockSize() * g.blockSize() * 2 * g.channels();
        return KeySpace.discrete(KeySpace.factorial(l).multiply(KeySpace.binomial(l, l - 1 - l / 2)),
                "L! C(L, k); L = M*M*2C = " + l + ", k = " + (l - 1 - l / 2), "one key for every block");
    }

    public SecretKey shuffleKey() {
        return shuffle;
    }

    public SecretKey inversionKey() {
        return inversion;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        return new KeyMaterial().ints("shuffle", shuffle.permutation()).bits("inversion", inversion.mask());
    }

    @Override
    public LeKey withId(String id) {
        return new LeKey(this, id);
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(geometry());
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        LeKey k = (LeKey) other;
        return shuffle.equals(k.shuffle) && inversion.equals(k.inversion);
    }
}
