package dev.mamori.methods.encryption;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnable (or compression-friendly) image encryption scheme with its key: encrypts an NCHW batch and decrypts
 * it back. Implementations are immutable and thread-safe; {@code toString()} shows the key's fingerprint only.
 */
public interface ImageCipher {

    /** The encrypted batch (a new array; the shape may differ, e.g. LE's 6 channels). */
    INDArray encrypt(INDArray images);

    /** The plain batch, so that decrypt(encrypt(x)) == x (up to the scheme's quantisation). */
    INDArray decrypt(INDArray encrypted);

    /** The fingerprint of the key, for logs and reports. */
    String keyFingerprint();
}
