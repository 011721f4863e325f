package dev.mamori.methods.encryption.schemes;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.PixelPermutation;
import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.ImageKey;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scheme whose whole key expands to one {@link PixelPermutation} of the image (every output value is one input value,
 * possibly inverted to peak - v): EtC and PE. Encryption is one vectorised gather plus a multiply-add, decryption the
 * inverse permutation rounded to the 8-bit grid; both are exact, and the tensor form is differentiable. Subclasses
 * only say how their key expands.
 *
 * @param <K> the scheme's key
 */
public abstract class PixelPermutationCipher<K extends ImageKey> implements ImageCipher {
    private final K key;
    private final double peak;
    private final PixelPermutation forward;
    private final PixelPermutation backward;

    /**
     * @param key     the scheme's key
     * @param peak    negative/positive maps v to peak - v (1 for images in [0, 1], 255 for 8-bit values as floats)
     * @param forward the key expanded for that peak
     */
    protected PixelPermutationCipher(K key, double peak, PixelPermutation forward) {
        this.key = key;
        this.peak = peak;
        this.forward = forward;
        this.backward = forward.inverse();
    }

    @Override
    public final INDArray encrypt(INDArray images) {
        return forward.apply(images);
    }

    /** The inverse transform, rounded to the 8-bit grid ({@link EightBit}): exact on 8-bit images. */
    @Override
    public final INDArray decrypt(INDArray encrypted) {
        return EightBit.quantize(backward.apply(encrypted), peak);
    }

    /** Differentiable encryption on the autograd tape. */
    public final Tensor encrypt(Tensor images) {
        return forward.apply(images);
    }

    @Override
    public final K key() {
        return key;
    }

    /** The encryption keeps the image's shape. */
    @Override
    public final long[] encodedShape() {
        return new long[]{key.channels(), key.height(), key.width()};
    }

    /** For images in [0, 1] (peak 1): 1 - k/255 is again on the 8-bit grid. */
    @Override
    public final boolean preservesEightBit() {
        return peak == 1.0;
    }

    public final double peak() {
        return peak;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + key + ", peak=" + peak + "}";
    }
}
