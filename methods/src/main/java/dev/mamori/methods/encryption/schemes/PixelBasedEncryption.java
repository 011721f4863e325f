package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.PixelPermutation;
import dev.mamori.methods.encryption.ImageCipher;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pixel-based image encryption (PE): per value, negative/positive (v becomes peak - v where the key's bit for that
 * input value is set), then per pixel, the colour channels are shuffled: out[c, y, x] = n(in[cp[c], y, x]) with
 * cp the pixel's colour permutation and n the negative/positive step at the input position. No block structure, so
 * the image keeps its layout. One vectorised {@link PixelPermutation}; decryption is exact.
 */
public final class PixelBasedEncryption implements ImageCipher {
    private final PeKey key;
    private final double peak;
    private final PixelPermutation forward;
    private final PixelPermutation backward;

    /** PE on images in [0, 1]. */
    public PixelBasedEncryption(PeKey key) {
        this(key, 1.0);
    }

    /** PE with negative/positive as {@code peak - v} (255 for 8-bit values stored as floats). */
    public PixelBasedEncryption(PeKey key, double peak) {
        this.key = key;
        this.peak = peak;
        int c = key.channels(), h = key.height(), w = key.width();
        boolean[] bits = key.negated();
        int[] source = new int[c * h * w];
        boolean[] negated = new boolean[source.length];
        for (int pixel = 0; pixel < h * w; pixel++) {
            int[] cp = key.colourPermutation(pixel);
            for (int ch = 0; ch < c; ch++) {
                int out = ch * h * w + pixel;
                source[out] = cp[ch] * h * w + pixel;
                negated[out] = bits[source[out]];
            }
        }
        this.forward = PixelPermutation.of(c, h, w, source, negated, peak);
        this.backward = forward.inverse();
    }

    public static PixelBasedEncryption fromSeed(long seed, int channels, int height, int width) {
        return new PixelBasedEncryption(PeKey.fromSeed(seed, channels, height, width));
    }

    @Override
    public INDArray encrypt(INDArray images) {
        return forward.apply(images);
    }

    /** The inverse transform, rounded to the 8-bit grid ({@link EightBit}): exact on 8-bit images. */
    @Override
    public INDArray decrypt(INDArray encrypted) {
        return EightBit.quantize(backward.apply(encrypted), peak);
    }

    @Override
    public PeKey key() {
        return key;
    }

    @Override
    public long[] encodedShape() {
        return new long[]{key.channels(), key.height(), key.width()};
    }

    /** For images in [0, 1] (peak 1): 1 - k/255 is again on the 8-bit grid. */
    @Override
    public boolean preservesEightBit() {
        return peak == 1.0;
    }

    public double peak() {
        return peak;
    }

    @Override
    public String toString() {
        return "PixelBasedEncryption{" + key + ", peak=" + peak + "}";
    }
}
