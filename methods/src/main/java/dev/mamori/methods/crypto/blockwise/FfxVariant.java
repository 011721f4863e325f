package dev.mamori.methods.crypto.blockwise;

/**
 * How block-wise FFX maps pixels before and after the table (docs/METHODS.md item 1). Both look the masked 8-bit
 * values up in the key's {@link FfxTable} and divide by the table maximum; they differ in what happens to the rest.
 */
public enum FfxVariant {
    /**
     * As the reference code of the paper (AprilPyone and Kiya 2021): every pixel is clamped to [0, 1] and truncated to
     * 8 bits, p = floor(255 x); masked pixels become table[p], the others stay p; all are divided by the table maximum.
     * The whole transform is piecewise constant: its true gradient is zero everywhere.
     */
    PUBLISHED("published"),
    /**
     * Ours, kept for comparison: masked pixels are rounded to the nearest 8-bit level and become table[p] / max;
     * unmasked pixels are left unchanged (their true derivative is 1, the masked ones' 0).
     */
    MASKED_ROUNDED("masked_rounded");

    private final String fileName;

    FfxVariant(String fileName) {
        this.fileName = fileName;
    }

    /** The name in model files and configs. */
    public String fileName() {
        return fileName;
    }

    public static FfxVariant fromFileName(String name) {
        for (FfxVariant v : values()) if (v.fileName.equals(name)) return v;
        throw new IllegalArgumentException("unknown FFX variant '" + name + "'; expected published or masked_rounded");
    }
}
