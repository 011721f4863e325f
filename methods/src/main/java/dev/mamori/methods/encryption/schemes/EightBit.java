package dev.mamori.methods.encryption.schemes;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The 8-bit grid the schemes are defined on (EtC for JPEG images, PE, LE: 8-bit pixels). Decryption ends on it:
 * negative/positive computes peak - v, and in float32 1 - (1 - k/255) can differ from k/255 in the last bit, so a
 * decrypted value is rounded to the nearest level k * peak / 255. For 8-bit images the round trip is then exact.
 */
final class EightBit {
    private EightBit() {}

    /** Each value rounded to the nearest multiple of peak / 255 (a new array). */
    static INDArray quantize(INDArray values, double peak) {
        if (peak == 255.0) return Transforms.round(values, true);
        return Transforms.round(values.mul(255.0 / peak), false).muli(peak / 255.0);
    }
}
