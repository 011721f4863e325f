package dev.mamori.methods.encryption;

import dev.mamori.methods.crypto.KeyFileException;

import java.nio.file.Path;

/**
 * The plain images a key was made for and the block (or patch) size it works with: C x H x W images cut into M x M
 * blocks. Every encryption key records it, and its key file is refused for images of another geometry, because a key
 * drawn for one block grid applied to another would silently scramble differently (or not at all).
 *
 * @param channels  C of the plain images
 * @param height    H of the plain images
 * @param width     W of the plain images
 * @param blockSize M (LE, ELE, EtC, the block-wise transforms), the patch size (NeuraCrypt), 1 for pixel-based schemes
 */
public record KeyGeometry(int channels, int height, int width, int blockSize) {

    public KeyGeometry {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image must have positive C, H, W; got " + channels + " x " + height + " x " + width);
        }
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        if (height % blockSize != 0 || width % blockSize != 0) {
            throw new IllegalArgumentException("image height and width must be divisible by the block size " + blockSize
                    + "; got H=" + height + ", W=" + width);
        }
    }

    /** Blocks per image, (H / M) * (W / M). */
    public int blockCount() {
        return (height / blockSize) * (width / blockSize);
    }

    /** C * H * W. */
    public int imageLength() {
        return channels * height * width;
    }

    /** The same images with another block size. */
    public KeyGeometry withBlockSize(int m) {
        return new KeyGeometry(channels, height, width, m);
    }

    /**
     * Checks a key file's geometry against what the caller will encrypt: each field of {@code expected} that is
     * positive must match. The error names the file and the first field that differs.
     */
    public void requireMatches(KeyGeometry expected, Path file) throws KeyFileException {
        if (expected == null) return;
        check(file, "channels", channels, expected.channels);
        check(file, "height", height, expected.height);
        check(file, "width", width, expected.width);
        check(file, "block_size", blockSize, expected.blockSize);
    }

    /** Like {@link #requireMatches} with 0 for "any" in the expected values. */
    public static void requireMatches(KeyGeometry stored, int channels, int height, int width, int blockSize, Path file) throws KeyFileException {
        check(file, "channels", stored.channels, channels);
        check(file, "height", stored.height, height);
        check(file, "width", stored.width, width);
        check(file, "block_size", stored.blockSize, blockSize);
    }

    private static void check(Path file, String field, int stored, int expected) throws KeyFileException {
        if (expected > 0 && stored != expected) {
            throw new KeyFileException(file, "geometry." + field, "is " + stored + "; expected " + expected
                    + " (this key was made for other images or another block size)");
        }
    }

    /** "3x32x32, block 4". */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width + ", block " + blockSize;
    }
}
