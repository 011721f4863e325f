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
 * Block-wise pixel shuffling: in every block, v'[i] = v[key[i]] with key a permutation of 0..L-1. Inverse: the
 * inverse permutation (argsort of key). Differentiable; the gradient is routed back through the inverse permutation.
 */
public final class BlockShuffle implements BlockTransform {
    private final SecretKey key;
    private final int[] permutation;
    private final Map<Long, PixelPermutation[]> byImageSize = new ConcurrentHashMap<>();

    public BlockShuffle(SecretKey key) {
        if (key.kind() != TransformKind.SHUFFLE) throw new IllegalArgumentException("BlockShuffle needs a shuffle key, got " + key);
        this.key = key;
        this.permutation = key.permutation();
    }

    @Override
    public SecretKey key() {
        return key;
    }

    @Override
    public INDArray apply(INDArray images) {
        return maps(images.shape())[0].apply(images);
    }

    @Override
    public INDArray inverse(INDArray images) {
        return maps(images.shape())[1].apply(images);
    }

    @Override
    public Tensor applyTensor(Tensor images) {
        return maps(images.shape())[0].apply(images);
    }

    @Override
    public boolean isDifferentiable() {
        return true;
    }

    @Override
    public Optional<PixelPermutation> asPixelPermutation(int height, int width) {
        return Optional.of(maps(new long[]{1, key.channels(), height, width})[0]);
    }

    /** The whole-image rearrangement of this key for images of {@code shape}'s size: {forward, inverse}. */
    public PixelPermutation pixelPermutation(long[] shape) {
        return maps(shape)[0];
    }

    private PixelPermutation[] maps(long[] shape) {
        BlockGeometry g = BlockGeometry.forBatch(shape, key.blockSize(), key.channels());
        return byImageSize.computeIfAbsent(((long) g.height() << 32) | g.width(), k -> {
            int[] source = new int[g.imageLength()];
            for (int j = 0; j < source.length; j++) {
                source[j] = g.imageIndex(g.blockOf(j), permutation[g.positionOf(j)]);
            }
            PixelPermutation forward = PixelPermutation.of(g.channels(), g.height(), g.width(), source);
            return new PixelPermutation[]{forward, forward.inverse()};
        });
    }

    @Override
    public String toString() {
        return "BlockShuffle{" + key + "}";
    }
}
