package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.BlockGeometry;
import dev.mamori.methods.encryption.ImageKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.Permutations;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The key of EtC (encryption-then-compression) block scrambling for images of one size: for a grid of B blocks of
 * M x M (numbered row-major), a block permutation and, per source block, a rotation (0..3 quarter turns
 * counter-clockwise), a flip (0 none, 1 horizontal, 2 vertical), a negative/positive flag and a permutation of the C
 * colour channels. See {@link EtcEncryption} for how they apply.
 *
 * <p>{@link #fromSeed} draws, with {@code rng = KeySource.seeded(seed)}: the block permutation (Fisher-Yates,
 * {@link KeySource#permutation}), then for each block b = 0..B-1 in order: rotation rng.nextInt(4), flip
 * rng.nextInt(3), negative/positive rng.nextBoolean(), colour permutation (Fisher-Yates of 0..C-1); {@link #random}
 * draws the same from {@link KeySource#secure()}.
 * {@link #toString()} never shows the material.
 *
 * <p>The rotation draw covers all four quarter turns, "none" included, and the colour draw all C! orders: public
 * reference code drew rotations from 1..3 (never "no rotation") and "swapped" channels by copying one over another
 * (not invertible); the round-trip tests would catch either.
 */
public final class EtcKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "etc";
    private final int[] blockPermutation;
    private final int[] rotation;
    private final int[] flip;
    private final boolean[] negativePositive;
    private final int[][] colourPermutation;

    /** The same (already validated, immutable) material under another id. */
    private EtcKey(EtcKey other, String id) {
        super(other, id);
        this.blockPermutation = other.blockPermutation;
        this.rotation = other.rotation;
        this.flip = other.flip;
        this.negativePositive = other.negativePositive;
        this.colourPermutation = other.colourPermutation;
    }

    private EtcKey(int blockSize, int channels, int height, int width, int[] blockPermutation, int[] rotation, int[] flip,
                   boolean[] negativePositive, int[][] colourPermutation) {
        super(new KeyGeometry(channels, height, width, blockSize));
        int blocks = new BlockGeometry(blockSize, channels, height, width).blockCount();
        requireLength("block permutation", blockPermutation.length, blocks);
        requireLength("rotation", rotation.length, blocks);
        requireLength("flip", flip.length, blocks);
        requireLength("negative/positive", negativePositive.length, blocks);
        requireLength("colour permutation", colourPermutation.length, blocks);
        Permutations.require(blockPermutation, "block permutation");
        for (int b = 0; b < blocks; b++) {
            if (rotation[b] < 0 || rotation[b] > 3) throw new IllegalArgumentException("rotation of block " + b + " is not in 0..3");
            if (flip[b] < 0 || flip[b] > 2) throw new IllegalArgumentException("flip of block " + b + " is not in 0..2");
            requireLength("colour permutation of block " + b, colourPermutation[b].length, channels);
            Permutations.require(colourPermutation[b], "colour permutation of block " + b);
        }
        this.blockPermutation = blockPermutation.clone();
        this.rotation = rotation.clone();
        this.flip = flip.clone();
        this.negativePositive = negativePositive.clone();
        this.colourPermutation = new int[blocks][];
        for (int b = 0; b < blocks; b++) this.colourPermutation[b] = colourPermutation[b].clone();
    }

    /** A key from explicit arrays (one entry per block; colourPermutation[b] has C entries). */
    public static EtcKey of(int blockSize, int channels, int height, int width, int[] blockPermutation, int[] rotation, int[] flip,
                            boolean[] negativePositive, int[][] colourPermutation) {
        return new EtcKey(blockSize, channels, height, width, blockPermutation, rotation, flip, negativePositive, colourPermutation);
    }

    /** A key reproducible from {@code seed} (see the class comment). */
    public static EtcKey fromSeed(long seed, int blockSize, int channels, int height, int width) {
        return generate(KeySource.seeded(seed), blockSize, channels, height, width);
    }

    /** A fresh unpredictable key. */
    public static EtcKey random(int blockSize, int channels, int height, int width) {
        return generate(KeySource.secure(), blockSize, channels, height, width);
    }

    /** A key drawn from {@code rng} (see the class comment for the order of the draws). */
    public static EtcKey generate(RandomGenerator rng, int blockSize, int channels, int height, int width) {
        int blocks = new BlockGeometry(blockSize, channels, height, width).blockCount();
        int[] perm = KeySource.permutation(blocks, rng);
        int[] rot = new int[blocks];
        int[] flip = new int[blocks];
        boolean[] np = new boolean[blocks];
        int[][] colour = new int[blocks][];
        for (int b = 0; b < blocks; b++) {
            rot[b] = rng.nextInt(4);
            flip[b] = rng.nextInt(3);
            np[b] = rng.nextBoolean();
            colour[b] = KeySource.permutation(channels, rng);
        }
        return new EtcKey(blockSize, channels, height, width, perm, rot, flip, np, colour);
    }

    /** The key a key file's material describes (parts as {@link #material()} writes them). */
    public static EtcKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        int blocks = g.blockCount();
        int[] flat = m.ints("colour_permutation");
        if (flat.length != blocks * g.channels()) {
            throw new IllegalArgumentException("colour_permutation has " + flat.length + " entries; expected blocks x channels = " + blocks * g.channels());
        }
        int[][] colour = new int[blocks][];
        for (int b = 0; b < blocks; b++) colour[b] = Arrays.copyOfRange(flat, b * g.channels(), (b + 1) * g.channels());
        return new EtcKey(g.blockSize(), g.channels(), g.height(), g.width(), m.ints("block_permutation"), m.ints("rotation"), m.ints("flip"),
                m.bits("negative_positive"), colour);
    }

    /**
     * EtC's key space for C x H x W images in M x M blocks, B blocks: B! block orders times, per block, 4 rotations x 3
     * flips x 2 (negative/positive) x C! colour orders. Rotation and flip together give only the 8 symmetries of the
     * square (a vertical flip is a horizontal flip after a half turn), so B! (8 x 2 x C!)^B keys encrypt differently
     * (for M > 1; a 1 x 1 block has one symmetry) - the count the EtC papers state.
     */
    public static KeySpace keySpace(KeyGeometry g) {
        int b = g.blockCount();
        BigInteger colours = KeySpace.factorial(g.channels());
        BigInteger perBlock = KeySpace.big(4 * 3 * 2).multiply(colours);
        BigInteger perBlockDistinct = KeySpace.big((g.blockSize() > 1 ? 8 : 1) * 2).multiply(colours);
        BigInteger order = KeySpace.factorial(b);
        return KeySpace.discrete(order.multiply(perBlock.pow(b)), order.multiply(perBlockDistinct.pow(b)),
                "B! (4 x 3 x 2 x C!)^B keys, B! (8 x 2 x C!)^B distinct; B = " + b + ", C = " + g.channels(),
                "rotation x flip pairs describe 8 symmetries of a block, so 12 draws give 8 distinct results");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        int channels = channels();
        int[] colour = new int[colourPermutation.length * channels];
        for (int b = 0; b < colourPermutation.length; b++) System.arraycopy(colourPermutation[b], 0, colour, b * channels, channels);
        return new KeyMaterial().ints("block_permutation", blockPermutation).ints("rotation", rotation).ints("flip", flip)
                .bits("negative_positive", negativePositive).ints("colour_permutation", colour);
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(geometry());
    }

    private static void requireLength(String what, int got, int want) {
        if (got != want) throw new IllegalArgumentException(what + " has " + got + " entries; expected " + want);
    }

    public int blockCount() {
        return blockPermutation.length;
    }

    /** Output block i is input block blockPermutation()[i]. A copy. */
    public int[] blockPermutation() {
        return blockPermutation.clone();
    }

    /** Quarter turns counter-clockwise, per source block. A copy. */
    public int[] rotation() {
        return rotation.clone();
    }

    /** 0 none, 1 horizontal (reverse columns), 2 vertical (reverse rows), per source block. A copy. */
    public int[] flip() {
        return flip.clone();
    }

    /** Whether the source block's values are inverted. A copy. */
    public boolean[] negativePositive() {
        return negativePositive.clone();
    }

    /** Per source block: out channel c = in channel colourPermutation()[b][c]. A deep copy. */
    public int[][] colourPermutation() {
        int[][] out = new int[colourPermutation.length][];
        for (int b = 0; b < out.length; b++) out[b] = colourPermutation[b].clone();
        return out;
    }

    @Override
    public EtcKey withId(String id) {
        return new EtcKey(this, id);
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        EtcKey k = (EtcKey) other;
        return Arrays.equals(blockPermutation, k.blockPermutation) && Arrays.equals(rotation, k.rotation) && Arrays.equals(flip, k.flip)
                && Arrays.equals(negativePositive, k.negativePositive) && Arrays.deepEquals(colourPermutation, k.colourPermutation);
    }
}
