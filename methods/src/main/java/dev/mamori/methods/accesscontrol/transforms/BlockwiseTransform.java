package dev.mamori.methods.accesscontrol.transforms;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A block-wise transform of the key-based defense ({@code crypto.blockwise}) used as a keyed transform: pixel or
 * channel shuffling of feature maps or images, and negative/positive on input images (already in [0, 1]). Exact and
 * differentiable: one gather (and a sign flip), undone by the inverse permutation.
 */
public final class BlockwiseTransform implements KeyedTransform {
    private final KeyedTransformKind kind;
    private final BlockTransform transform;

    public BlockwiseTransform(KeyedTransformKind kind, SecretKey key) {
        if (key.kind() != kind.keyKind()) throw new IllegalArgumentException(kind.configName() + " needs a " + kind.keyKind().fileName() + " key, got " + key);
        if (kind == KeyedTransformKind.CHANNEL_SHUFFLE && key.blockSize() != 1) {
            throw new IllegalArgumentException("a channel shuffle key has block size 1, got " + key);
        }
        this.kind = kind;
        this.transform = BlockTransform.forKey(key);
    }

    @Override
    public Tensor apply(Tensor x) {
        return transform.applyTensor(x);
    }

    @Override
    public INDArray inverse(INDArray transformed) {
        return transform.inverse(transformed);
    }

    @Override
    public SecretKey key() {
        return transform.key();
    }

    @Override
    public KeyedTransformKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "BlockwiseTransform{" + describe() + "}";
    }
}
