package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.Permutations;
import dev.mamori.methods.encryption.ImageKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The key of {@link PixelBasedEncryption} for C x H x W images: a negative/positive bit per value (flat C-order image
 * index) and a permutation of the C colour channels per pixel (row-major pixel index y * W + x). {@link #fromSeed}
 * draws, with {@code rng = KeySource.seeded(seed)}: the C*H*W bits (rng.nextBoolean, image index order), then the
 * H*W colour permutations ({@link KeySource#permutation}, pixel order); {@link #random} draws the same from
 * {@link KeySource#secure()}.
 */
public final class PeKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "pe";
    private final boolean[] negated;
    private final int[][] colourPermutation;

    /** The same (already validated, immutable) material under another id. */
    private PeKey(PeKey other, String id) {
        super(other, id);
        this.negated = other.negated;
        this.colourPermutation = other.colourPermutation;
    }

    private PeKey(int channels, int height, int width, boolean[] negated, int[][] colourPermutation) {
        super(new KeyGeometry(channels, height, width, 1));
        if (negated.length != channels * height * width) {
            throw new IllegalArgumentException("negative/positive bits: " + negated.length + " entries; expected C*H*W = " + channels * height * width);
        }
        if (colourPermutation.length != height * width) {
            throw new IllegalArgumentException("colour permutations: " + colourPermutation.length + " entries; expected H*W = " + height * width);
        }
        for (int p = 0; p < colourPermutation.length; p++) {
            if (colourPermutation[p].length != channels) {
                throw new IllegalArgumentException("colour permutation of pixel " + p + " has " + colourPermutation[p].length + " entries; expected " + channels);
            }
            Permutations.require(colourPermutation[p], "colour permutation of pixel " + p);
        }
        this.negated = negated.clone();
        this.colourPermutation = Arrays.stream(colourPermutation).map(int[]::clone).toArray(int[][]::new);
    }

    public static PeKey of(int channels, int height, int width, boolean[] negated, int[][] colourPermutation) {
        return new PeKey(channels, height, width, negated, colourPermutation);
    }

    /** A key reproducible from {@code seed} (see the class comment). */
    public static PeKey fromSeed(long seed, int channels, int height, int width) {
        return generate(KeySource.seeded(seed), channels, height, width);
    }

    /** A fresh unpredictable key. */
    public static PeKey random(int channels, int height, int width) {
        return generate(KeySource.secure(), channels, height, width);
    }

    public static PeKey generate(RandomGenerator rng, int channels, int height, int width) {
        boolean[] neg = new boolean[channels * height * width];
        for (int i = 0; i < neg.length; i++) neg[i] = rng.nextBoolean();
        int[][] colour = new int[height * width][];
        for (int p = 0; p < colour.length; p++) colour[p] = KeySource.permutation(channels, rng);
        return new PeKey(channels, height, width, neg, colour);
    }

    /** The key a key file's material describes (geometry block size 1: the scheme works pixel by pixel). */
    public static PeKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        if (g.blockSize() != 1) throw new IllegalArgumentException("a pixel-based key has block size 1; got " + g.blockSize());
        int pixels = g.height() * g.width();
        int[] flat = m.ints("colour_permutation");
        if (flat.length != pixels * g.channels()) {
            throw new IllegalArgumentException("colour_permutation has " + flat.length + " entries; expected H*W*C = " + pixels * g.channels());
        }
        int[][] colour = new int[pixels][];
        for (int p = 0; p < pixels; p++) colour[p] = Arrays.copyOfRange(flat, p * g.channels(), (p + 1) * g.channels());
        return new PeKey(g.channels(), g.height(), g.width(), m.bits("negated"), colour);
    }

    /** PE's key space: 2^(C*H*W) negative/positive maps times (C!)^(H*W) per-pixel colour orders. */
    public static KeySpace keySpace(KeyGeometry g) {
        int pixels = g.height() * g.width();
        BigInteger keys = BigInteger.TWO.pow(g.imageLength()).multiply(KeySpace.factorial(g.channels()).pow(pixels));
        return KeySpace.discrete(keys, "2^(C*H*W) (C!)^(H*W); C*H*W = " + g.imageLength(), "every value and every pixel keyed separately");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        int channels = channels();
        int[] colour = new int[colourPermutation.length * channels];
        for (int p = 0; p < colourPermutation.length; p++) System.arraycopy(colourPermutation[p], 0, colour, p * channels, channels);
        return new KeyMaterial().bits("negated", negated).ints("colour_permutation", colour);
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(geometry());
    }

    /** A copy of the negative/positive bits, by input image index. */
    public boolean[] negated() {
        return negated.clone();
    }

    /** A copy of pixel p's colour permutation: out channel c = in channel colourPermutation(p)[c]. */
    public int[] colourPermutation(int pixel) {
        return colourPermutation[pixel].clone();
    }

    @Override
    public PeKey withId(String id) {
        return new PeKey(this, id);
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        PeKey k = (PeKey) other;
        return Arrays.equals(negated, k.negated) && Arrays.deepEquals(colourPermutation, k.colourPermutation);
    }
}
