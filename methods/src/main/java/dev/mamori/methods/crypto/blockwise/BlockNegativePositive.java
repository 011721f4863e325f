package dev.mamori.methods.crypto.blockwise;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.BlockGeometry;
import dev.mamori.methods.crypto.PixelPermutation;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block-wise negative/positive transformation ("bit flipping" of values in [0, 1]): in every block,
 * v'[i] = 1 - v[i] where mask[i], v'[i] = v[i] elsewhere. It is its own inverse. Differentiable: the gradient is
 * negated on the masked positions.
 */
public final class BlockNegativePositive implements BlockTransform {
    private final SecretKey key;
    private final boolean[] mask;
    private final Map<Long, PixelPermutation> byImageSize = new ConcurrentHashMap<>();

    public BlockNegativePositive(SecretKey key) {
        if (key.kind() != TransformKind.NEGATIVE_POSITIVE) {
            throw new IllegalArgumentException("BlockNegativePositive needs a negative_positive key, got " + key);
        }
        this.key = key;
        this.mask = key.mask();
    }

    @Override
    public SecretKey key() {
        return key;
    }

    @Override
    public INDArray apply(INDArray images) {
        return map(images.shape()).apply(images);
    }

    @Override
    public INDArray inverse(INDArray images) {
        return apply(images);
    }

    @Override
    public Tensor applyTensor(Tensor images) {
        return map(images.shape()).apply(images);
    }

    @Override
    public boolean isDifferentiable() {
        return true;
    }

    @Override
    public Optional<PixelPermutation> asPixelPermutation(int height, int width) {
        return Optional.of(map(new long[]{1, key.channels(), height, width}));
    }

    private PixelPermutation map(long[] shape) {
        BlockGeometry g = BlockGeometry.forBatch(shape, key.blockSize(), key.channels());
        return byImageSize.computeIfAbsent(((long) g.height() << 32) | g.width(), k -> {
            int[] identity = new int[g.imageLength()];
            boolean[] negated = new boolean[identity.length];
            for (int j = 0; j < identity.length; j++) {
                identity[j] = j;
                negated[j] = mask[g.positionOf(j)];
            }
            return PixelPermutation.of(g.channels(), g.height(), g.width(), identity, negated, 1.0);
        });
    }

    @Override
    public String toString() {
        return "BlockNegativePositive{" + key + "}";
    }
}
