package dev.mamori.methods.crypto;

import java.util.Arrays;

/**
 * How an image of C x H x W values is cut into M x M blocks, and where each value of a block sits in the block's
 * vector. Blocks are numbered row-major over the block grid; inside a block the vector of length L = M*M*C is the
 * block flattened in (row, col, channel) order, i.e. position {@code i = (row * M + col) * C + channel}. "Image index"
 * is the flat C-order index {@code channel * H * W + y * W + x} of one image in an NCHW batch.
 */
public record BlockGeometry(int blockSize, int channels, int height, int width) {

    public BlockGeometry {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image must have positive C, H, W; got " + channels + " x " + height + " x " + width);
        }
        if (height % blockSize != 0 || width % blockSize != 0) {
            throw new IllegalArgumentException("image height and width must be divisible by the block size " + blockSize
                    + "; got H=" + height + ", W=" + width);
        }
    }

    /**
     * The geometry of an NCHW batch of shape {@code shape}, checking that it is 4-D, has {@code channels} channels and
     * that H and W are multiples of {@code blockSize}.
     */
    public static BlockGeometry forBatch(long[] shape, int blockSize, int channels) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected an NCHW batch (4 dimensions), got shape " + Arrays.toString(shape));
        }
        if (shape[1] != channels) {
            throw new IllegalArgumentException("the key is for " + channels + " channels but the images have " + shape[1]
                    + " (shape " + Arrays.toString(shape) + ")");
        }
        if (shape[2] % blockSize != 0 || shape[3] % blockSize != 0) {
            throw new IllegalArgumentException("image height and width must be divisible by the block size " + blockSize
                    + "; got shape " + Arrays.toString(shape));
        }
        return new BlockGeometry(blockSize, channels, Math.toIntExact(shape[2]), Math.toIntExact(shape[3]));
    }

    /** L = M * M * C, the length of one block's vector. */
    public int blockLength() {
        return blockSize * blockSize * channels;
    }

    public int blockRows() {
        return height / blockSize;
    }

    public int blockCols() {
        return width / blockSize;
    }

    public int blockCount() {
        return blockRows() * blockCols();
    }

    /** C * H * W, the number of values in one image. */
    public int imageLength() {
        return channels * height * width;
    }

    /** The image index of position {@code position} (0..L-1) of block {@code block}. */
    public int imageIndex(int block, int position) {
        int row = position / (blockSize * channels);
        int col = (position / channels) % blockSize;
        int channel = position % channels;
        return imageIndex(block, channel, row, col);
    }

    /** The image index of pixel (row, col) of channel {@code channel} inside block {@code block}. */
    public int imageIndex(int block, int channel, int row, int col) {
        int y = (block / blockCols()) * blockSize + row;
        int x = (block % blockCols()) * blockSize + col;
        return (channel * height + y) * width + x;
    }

    /** The block holding image index {@code imageIndex}. */
    public int blockOf(int imageIndex) {
        int y = (imageIndex / width) % height;
        int x = imageIndex % width;
        return (y / blockSize) * blockCols() + x / blockSize;
    }

    /** The position (0..L-1) inside its block of image index {@code imageIndex}. */
    public int positionOf(int imageIndex) {
        int channel = imageIndex / (height * width);
        int y = (imageIndex / width) % height;
        int x = imageIndex % width;
        return ((y % blockSize) * blockSize + x % blockSize) * channels + channel;
    }
}
