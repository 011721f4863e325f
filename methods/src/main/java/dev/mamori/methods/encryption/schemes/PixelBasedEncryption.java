package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.PixelPermutation;

/**
 * Pixel-based image encryption (PE): per value, negative/positive (v becomes peak - v where the key's bit for that
 * input value is set), then per pixel, the colour channels are shuffled: out[c, y, x] = n(in[cp[c], y, x]) with
 * cp the pixel's colour permutation and n the negative/positive step at the input position. No block structure, so
 * the image keeps its layout. One {@link PixelPermutation} ({@link PixelPermutationCipher}).
 */
public final class PixelBasedEncryption extends PixelPermutationCipher<PeKey> {

    /** PE on images in [0, 1]. */
    public PixelBasedEncryption(PeKey key) {
        this(key, 1.0);
    }

    /** PE with negative/positive as {@code peak - v} (255 for 8-bit values stored as floats). */
    public PixelBasedEncryption(PeKey key, double peak) {
        super(key, peak, expand(key, peak));
    }

    public static PixelBasedEncryption fromSeed(long seed, int channels, int height, int width) {
        return new PixelBasedEncryption(PeKey.fromSeed(seed, channels, height, width));
    }

    /** For every output value, the input value it comes from and whether it is inverted. */
    private static PixelPermutation expand(PeKey key, double peak) {
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
        return PixelPermutation.of(c, h, w, source, negated, peak);
    }
}
