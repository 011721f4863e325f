package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.BlockGeometry;
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
 * The key of {@link TanakaEle} for C-channel images of one size: a permutation of the B blocks (numbered row-major)
 * and, per block, a shuffle permutation and an inversion mask over L = M*M*2C (the block of the 4-bit split image).
 * {@link #fromSeed} draws, with {@code rng = KeySource.seeded(seed)}: the block permutation, then for each block
 * b = 0..B-1 its shuffle permutation and its mask ({@link KeySource#permutation}, {@link KeySource#halfMask});
 * {@link #random} draws the same from {@link KeySource#secure()}.
 */
public final class EleKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "ele";
    private final int[] blockPermutation;
    private final int[][] shuffle;
    private final boolean[][] inversion;

    /** The same (already validated, immutable) material under another id. */
    private EleKey(EleKey other, String id) {
        super(other, id);
        this.blockPermutation = other.blockPermutation;
        this.shuffle = other.shuffle;
        this.inversion = other.inversion;
    }

    private EleKey(int blockSize, int channels, int height, int width, int[] blockPermutation, int[][] shuffle, boolean[][] inversion) {
        super(new KeyGeometry(channels, height, width, blockSize));
        BlockGeometry split = new BlockGeometry(blockSize, 2 * channels, height, width); // blocks of the 4-bit split image
        int blocks = split.blockCount();
        int length = split.blockLength();
        if (blockPermutation.length != blocks || shuffle.length != blocks || inversion.length != blocks) {
            throw new IllegalArgumentException("ELE key needs " + blocks + " entries per part; got block permutation " + blockPermutation.length
                    + ", shuffle " + shuffle.length + ", inversion " + inversion.length);
        }
        Permutations.require(blockPermutation, "block permutation");
        for (int b = 0; b < blocks; b++) {
            if (shuffle[b].length != length || inversion[b].length != length) {
                throw new IllegalArgumentException("block " + b + ": shuffle and inversion need L = M*M*2C = " + length + " entries; got "
                        + shuffle[b].length + " and " + inversion[b].length);
            }
            Permutations.require(shuffle[b], "shuffle of block " + b);
        }
        this.blockPermutation = blockPermutation.clone();
        this.shuffle = Arrays.stream(shuffle).map(int[]::clone).toArray(int[][]::new);
        this.inversion = Arrays.stream(inversion).map(boolean[]::clone).toArray(boolean[][]::new);
    }

    /** From explicit arrays: shuffle[b] and inversion[b] have L = M*M*2C entries for each block b. */
    public static EleKey of(int blockSize, int channels, int height, int width, int[] blockPermutation, int[][] shuffle, boolean[][] inversion) {
        return new EleKey(blockSize, channels, height, width, blockPermutation, shuffle, inversion);
    }

    /** A key reproducible from {@code seed} (see the class comment). */
    public static EleKey fromSeed(long seed, int blockSize, int channels, int height, int width) {
        return generate(KeySource.seeded(seed), blockSize, channels, height, width);
    }

    /** A fresh unpredictable key. */
    public static EleKey random(int blockSize, int channels, int height, int width) {
        return generate(KeySource.secure(), blockSize, channels, height, width);
    }

    public static EleKey generate(RandomGenerator rng, int blockSize, int channels, int height, int width) {
        BlockGeometry split = new BlockGeometry(blockSize, 2 * channels, height, width);
        int blocks = split.blockCount();
        int length = split.blockLength();
        int[] perm = KeySource.permutation(blocks, rng);
        int[][] shuffle = new int[blocks][];
        boolean[][] inversion = new boolean[blocks][];
        for (int b = 0; b < blocks; b++) {
            shuffle[b] = KeySource.permutation(length, rng);
            inversion[b] = KeySource.halfMask(length, rng);
        }
        return new EleKey(blockSize, channels, height, width, perm, shuffle, inversion);
    }

    /** The key a key file's material describes (per-block parts flattened block after block). */
    public static EleKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        BlockGeometry split = new BlockGeometry(g.blockSize(), 2 * g.channels(), g.height(), g.width());
        int blocks = split.blockCount(), length = split.blockLength();
        int[] shuffleFlat = m.ints("shuffle");
        boolean[] inversionFlat = m.bits("inversion");
        if (shuffleFlat.length != blocks * length || inversionFlat.length != blocks * length) {
            throw new IllegalArgumentException("shuffle and inversion need blocks x L = " + blocks * length + " entries; got "
                    + shuffleFlat.length + " and " + inversionFlat.length);
        }
        int[][] shuffle = new int[blocks][];
        boolean[][] inversion = new boolean[blocks][];
        for (int b = 0; b < blocks; b++) {
            shuffle[b] = Arrays.copyOfRange(shuffleFlat, b * length, (b + 1) * length);
            inversion[b] = Arrays.copyOfRange(inversionFlat, b * length, (b + 1) * length);
        }
        return new EleKey(g.blockSize(), g.channels(), g.height(), g.width(), m.ints("block_permutation"), shuffle, inversion);
    }

    /**
     * ELE's key space as drawn: B! block orders times, per block, an LE key: L! shuffles x C(L, k) inversion masks with
     * k = L - 1 - floor(L / 2) inverted nibbles (L = M*M*2C, the drawn masks have exactly k marks).
     */
    public static KeySpace keySpace(KeyGeometry g) {
        int b = g.blockCount();
        int l = g.blockSize() * g.blockSize() * 2 * g.channels();
        BigInteger perBlock = KeySpace.factorial(l).multiply(KeySpace.binomial(l, l - 1 - l / 2));
        return KeySpace.discrete(KeySpace.factorial(b).multiply(perBlock.pow(b)),
                "B! (L! C(L, k))^B; B = " + b + ", L = M*M*2C = " + l + ", k = " + (l - 1 - l / 2),
                "a key per block; masks drawn with exactly k inverted nibbles");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        int length = shuffle.length == 0 ? 0 : shuffle[0].length;
        int[] s = new int[shuffle.length * length];
        boolean[] inv = new boolean[shuffle.length * length];
        for (int b = 0; b < shuffle.length; b++) {
            System.arraycopy(shuffle[b], 0, s, b * length, length);
            System.arraycopy(inversion[b], 0, inv, b * length, length);
        }
        return new KeyMaterial().ints("block_permutation", blockPermutation).ints("shuffle", s).bits("inversion", inv);
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(geometry());
    }

    /** A copy: output block i is input block blockPermutation()[i]. */
    public int[] blockPermutation() {
        return blockPermutation.clone();
    }

    /** A copy of block b's shuffle permutation. */
    public int[] shuffle(int block) {
        return shuffle[block].clone();
    }

    /** A copy of block b's inversion mask. */
    public boolean[] inversion(int block) {
        return inversion[block].clone();
    }

    @Override
    public EleKey withId(String id) {
        return new EleKey(this, id);
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        EleKey k = (EleKey) other;
        return Arrays.equals(blockPermutation, k.blockPermutation) && Arrays.deepEquals(shuffle, k.shuffle) && Arrays.deepEquals(inversion, k.inversion);
    }
}
