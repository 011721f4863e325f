package dev.mamori.methods.encryption;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnable (or compression-friendly) image encryption scheme with its key: encrypts an NCHW batch in [0, 1] and
 * decrypts it back, decrypt(encrypt(x)) == x exactly for 8-bit images. Implementations are immutable and thread-safe;
 * {@code toString()} shows the key's fingerprint only.
 */
public interface ImageCipher extends ImageEncoder {

    /** The encrypted batch (a new array; the shape may differ, e.g. LE's 2C channels). */
    INDArray encrypt(INDArray images);

    /** The plain batch, so that decrypt(encrypt(x)) == x (up to the scheme's quantisation to 8 bits). */
    INDArray decrypt(INDArray encrypted);

    /**
     * The encrypted batch as an image of the plain geometry [N, C, H, W], for looking at it and for PSNR/SSIM against
     * the plain image: the encryption itself where it keeps the shape; LE's and ELE's nibbles merged back into bytes
     * without undoing anything else.
     */
    default INDArray viewable(INDArray encrypted) {
        return encrypted;
    }

    @Override
    default INDArray encode(INDArray images) {
        return encrypt(images);
    }
}
