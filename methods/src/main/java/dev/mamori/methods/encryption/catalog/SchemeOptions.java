package dev.mamori.methods.encryption.catalog;

import dev.mamori.methods.encryption.neuracrypt.ColorNeuraCryptKey;
import dev.mamori.methods.encryption.neuracrypt.NeuraCryptKey;

/**
 * The settings a scheme's key is drawn with, besides the image size: the block size M (the patch size P for
 * NeuraCrypt; pixel-based encryption ignores it) and NeuraCrypt's encoder size and Color-NeuraCrypt's combination.
 *
 * @param blockSize M (LE, ELE, EtC, grayscale EtC, the block-wise transforms) or P (NeuraCrypt, Color-NeuraCrypt)
 * @param hidden    NeuraCrypt's hidden width (the published encoder: 2048 for 16 x 16 patches)
 * @param depth     NeuraCrypt's number of [1x1 conv, batch norm, ReLU] blocks (published: 4 for X-rays)
 * @param outputDim NeuraCrypt's token width
 * @param combine   Color-NeuraCrypt's per-patch combination, {@code sum} or {@code concat}
 */
public record SchemeOptions(int blockSize, int hidden, int depth, int outputDim, String combine) {

    public SchemeOptions {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        ColorNeuraCryptKey.Combine.fromConfigName(combine);
        new NeuraCryptKey.Architecture(hidden, depth, outputDim);
    }

    /** Block (patch) size 4; NeuraCrypt hidden 128, depth 4, tokens of 128; Color-NeuraCrypt sums. */
    public static SchemeOptions defaults() {
        return new SchemeOptions(4, 128, 4, 128, "sum");
    }

    public SchemeOptions withBlockSize(int m) {
        return new SchemeOptions(m, hidden, depth, outputDim, combine);
    }

    public NeuraCryptKey.Architecture architecture() {
        return new NeuraCryptKey.Architecture(hidden, depth, outputDim);
    }

    public ColorNeuraCryptKey.Combine combination() {
        return ColorNeuraCryptKey.Combine.fromConfigName(combine);
    }
}
