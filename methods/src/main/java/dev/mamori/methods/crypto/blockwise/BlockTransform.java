package dev.mamori.methods.crypto.blockwise;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.PixelPermutation;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Optional;

/**
 * A secret block-wise transform T_k applied to every image before a keyed classifier ("transform then model").
 * Images are NCHW batches in [0, 1] whose height and width are multiples of {@link #blockSize()}; every M x M block
 * is flattened in (row, col, channel) order and transformed with the same key. Implementations are immutable and
 * thread-safe.
 */
public interface BlockTransform {

    /** The transform for {@code key}'s kind. */
    static BlockTransform forKey(SecretKey key) {
        return switch (key.kind()) {
            case SHUFFLE -> new BlockShuffle(key);
            case NEGATIVE_POSITIVE -> new BlockNegativePositive(key);
            case FFX -> new BlockFfx(key);
        };
    }

    /** The same kind of transform (same variant) with another key of the same kind. */
    default BlockTransform withKey(SecretKey other) {
        if (other.kind() != kind()) throw new IllegalArgumentException("a " + kind().fileName() + " transform needs a key of its kind, got " + other);
        return forKey(other);
    }

    /** The key (its material is available to whoever holds the transform; it is never printed). */
    SecretKey key();

    default TransformKind kind() {
        return key().kind();
    }

    default int blockSize() {
        return key().blockSize();
    }

    default int channels() {
        return key().channels();
    }

    /** The key's random id, for logs, reports and model files. */
    default String keyId() {
        return key().id();
    }

    /**
     * The same random id as {@link #keyId()}, under the name the encryption package's callers still use (it is no
     * longer a digest of the key).
     */
    @Deprecated
    default String keyFingerprint() {
        return keyId();
    }

    /** T_k(images): a new array of the same shape and dtype. */
    INDArray apply(INDArray images);

    /** T_k^-1(images), so that inverse(apply(x)) == x (for FFX: x quantised to 8 bits on the masked positions). */
    INDArray inverse(INDArray images);

    /**
     * T_k on the autograd tape: the exact gradient where T_k is differentiable ({@link #isDifferentiable()}), the
     * identity (straight-through, BPDA) otherwise.
     */
    Tensor applyTensor(Tensor images);

    /**
     * T_k on the tape with its true derivative, whatever {@link #applyTensor} uses: for a differentiable transform the
     * same; for FFX the derivative of the piecewise-constant quantization (zero where a pixel is quantized). Gradient
     * attacks through it see the gradient masking that BPDA removes.
     */
    default Tensor applyTensorTrueGradient(Tensor images) {
        if (!isDifferentiable()) throw new UnsupportedOperationException(getClass().getSimpleName() + " must give its true gradient");
        return applyTensor(images);
    }

    /** Whether {@link #applyTensor} gives T_k's true gradient (false: a BPDA identity gradient). */
    boolean isDifferentiable();

    /**
     * T_k on C x {@code height} x {@code width} images as a fixed rearrangement with inversions ({@link PixelPermutation}),
     * when it is one: shuffling and negative/positive are (an affine map), FFX is not (empty). Key absorption into a
     * patch embedding is built on this form.
     */
    default Optional<PixelPermutation> asPixelPermutation(int height, int width) {
        return Optional.empty();
    }
}
