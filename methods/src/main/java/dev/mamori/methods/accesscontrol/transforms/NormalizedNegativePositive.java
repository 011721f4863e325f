package dev.mamori.methods.accesscontrol.transforms;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockNegativePositive;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Negative/positive on a normalized feature map (ours: the paper applies the transform to normalized maps; how it
 * normalizes is our reconstruction). Each example's map is scaled to [0, 1] by its own minimum and maximum
 * (u = (x - min) / (max - min + 1e-6)), then the block-wise negative/positive key flips the masked values
 * (u' = 1 - u). The network after it works on normalized maps, protected or not. The scale is treated as a constant
 * in the backward pass (it only rescales the gradient). {@link #inverse} maps transformed values back to the
 * normalized map (negative/positive is its own inverse).
 */
public final class NormalizedNegativePositive implements KeyedTransform {
    /** Keeps the scale finite on a constant map. */
    public static final double EPS = 1e-6;

    private final BlockNegativePositive flip;

    public NormalizedNegativePositive(SecretKey key) {
        if (key.kind() != TransformKind.NEGATIVE_POSITIVE) throw new IllegalArgumentException("negative_positive needs a negative_positive key, got " + key);
        this.flip = new BlockNegativePositive(key);
    }

    /** The per-example normalization to [0, 1] alone: what the network sees without the key. */
    public static Tensor normalize(Tensor x) {
        long n = x.size(0);
        INDArray flat = x.value().reshape('c', n, -1);
        INDArray min = flat.min(1).reshape('c', n, 1, 1, 1);
        INDArray range = flat.max(1).reshape('c', n, 1, 1, 1).sub(min).addi(EPS);
        return x.sub(Tensor.of(min)).div(Tensor.of(range));
    }

    @Override
    public Tensor apply(Tensor x) {
        return flip.applyTensor(normalize(x));
    }

    @Override
    public INDArray inverse(INDArray transformed) {
        return flip.inverse(transformed);
    }

    @Override
    public SecretKey key() {
        return flip.key();
    }

    @Override
    public KeyedTransformKind kind() {
        return KeyedTransformKind.NEGATIVE_POSITIVE;
    }

    @Override
    public String toString() {
        return "NormalizedNegativePositive{" + describe() + "}";
    }
}
