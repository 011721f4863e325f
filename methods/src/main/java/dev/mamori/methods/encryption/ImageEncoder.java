package dev.mamori.methods.encryption;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a batch of plain images into what the data owner shares: an encrypted image (the learnable encryption
 * schemes, {@link ImageCipher}) or NeuraCrypt's shuffled tokens laid out as a token grid. Implementations are
 * thread-safe; they print the key's fingerprint only.
 */
public interface ImageEncoder {

    /** [N, C, H, W] in [0, 1] (the key's geometry) to [N] + {@link #encodedShape()}; a new array. */
    INDArray encode(INDArray images);

    /** The shape of one encoded image, [C', H', W']. */
    long[] encodedShape();

    /** The key. */
    EncryptionKey key();

    /**
     * Whether the encoding of an 8-bit image (values k / 255) is again on the 8-bit grid, so that it can be stored as
     * bytes without loss.
     */
    boolean preservesEightBit();

    default String keyFingerprint() {
        return key().fingerprint();
    }
}
