package dev.mamori.methods.encryption;

import dev.mamori.methods.keydefense.KeyFingerprint;
import dev.mamori.methods.keydefense.Permutations;
import dev.mamori.methods.keydefense.SecretKey;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The key of {@link TanakaEle} for C-channel images of one size: a permutation of the B blocks (numbered row-major)
 * and, per block, a shuffle permutation and an inversion mask over L = M*M*2C (the block of the 4-bit split image).
 * {@link #fromSeed} draws, with {@code rng = new SplittableRandom(seed)}: the block permutation, then for each block
 * b = 0..B-1 its shuffle permutation and its mask ({@link SecretKey#randomPermutation},
 * {@link SecretKey#randomHalfMask}).
 */
public final class EleKey {
    private final int blockSize;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] blockPermutation;
    private final int[][] shuffle;
    private final boolean[][] inversion;
    private final String fingerprint;

    private EleKey(int blockSize, int channels, int height, int width, int[] blockPermutation, int[][] shuffle, boolean[][] inversion) {
        if (blockSize < 1 || channels < 1 || height < 1 || width < 1 || height % blockSize != 0 || width % blockSize != 0) {
            throw new IllegalArgumentException("image height and width must be positive multiples of the block size " + blockSize
                    + "; got H=" + height + ", W=" + width + ", C=" + channels);
        }
        int blocks = (height / blockSize) * (width / blockSize);
        int length = blockSize * blockSize * 2 * channels;
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
        this.blockSize = blockSize;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.blockPermutation = blockPermutation.clone();
        this.shuffle = Arrays.stream(shuffle).map(int[]::clone).toArray(int[][]::new);
        this.inversion = Arrays.stream(inversion).map(boolean[]::clone).toArray(boolean[][]::new);
        KeyFingerprint f = new KeyFingerprint("mamori-ele-key/v1").add(blockSize, channels, height, width).add(blockPermutation);
        for (int b = 0; b < blocks; b++) f.add(shuffle[b]).add(inversion[b]);
        this.fingerprint = f.hex12();
    }

    /** From explicit arrays: shuffle[b] and inversion[b] have L = M*M*2C entries for each block b. */
    public static EleKey of(int blockSize, int channels, int height, int width, int[] blockPermutation, int[][] shuffle, boolean[][] inversion) {
        return new EleKey(blockSize, channels, height, width, blockPermutation, shuffle, inversion);
    }

    public static EleKey fromSeed(long seed, int blockSize, int channels, int height, int width) {
        return generate(new SplittableRandom(seed), blockSize, channels, height, width);
    }

    public static EleKey generate(RandomGenerator rng, int blockSize, int channels, int height, int width) {
        if (blockSize < 1 || height % blockSize != 0 || width % blockSize != 0) {
            throw new IllegalArgumentException("image height and width must be multiples of the block size " + blockSize
                    + "; got H=" + height + ", W=" + width);
        }
        int blocks = (height / blockSize) * (width / blockSize);
        int length = blockSize * blockSize * 2 * channels;
        int[] perm = SecretKey.randomPermutation(blocks, rng);
        int[][] shuffle = new int[blocks][];
        boolean[][] inversion = new boolean[blocks][];
        for (int b = 0; b < blocks; b++) {
            shuffle[b] = SecretKey.randomPermutation(length, rng);
            inversion[b] = SecretKey.randomHalfMask(length, rng);
        }
        return new EleKey(blockSize, channels, height, width, perm, shuffle, inversion);
    }

    public int blockSize() {
        return blockSize;
    }

    /** C, the channel count of the plain image (the split image has 2C). */
    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
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

    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EleKey k && blockSize == k.blockSize && channels == k.channels && height == k.height && width == k.width
                && Arrays.equals(blockPermutation, k.blockPermutation) && Arrays.deepEquals(shuffle, k.shuffle)
                && Arrays.deepEquals(inversion, k.inversion);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "EleKey{blockSize=" + blockSize + ", channels=" + channels + ", image=" + height + "x" + width + ", fingerprint=" + fingerprint + "}";
    }
}
