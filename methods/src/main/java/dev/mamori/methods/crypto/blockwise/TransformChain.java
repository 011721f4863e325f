package dev.mamori.methods.crypto.blockwise;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The secret input transform of one keyed model: one or more block-wise transforms applied in order,
 * T = T_n o ... o T_1 (most often a single one; a chain such as shuffling then negative/positive combines keys).
 * All steps work on the same number of channels; block sizes may differ. Immutable. Like the keys it holds, it
 * prints kinds, sizes and random key ids only.
 */
public final class TransformChain {
    private final List<BlockTransform> steps;

    private TransformChain(List<BlockTransform> steps) {
        if (steps.isEmpty()) throw new IllegalArgumentException("a transform chain needs at least one transform");
        int channels = steps.get(0).channels();
        for (BlockTransform t : steps) {
            if (t.channels() != channels) {
                throw new IllegalArgumentException("all transforms of a chain must have the same channel count; got "
                        + steps.stream().map(s -> String.valueOf(s.channels())).collect(Collectors.joining(", ")));
            }
        }
        this.steps = List.copyOf(steps);
    }

    /** The chain of the transforms of these keys, applied in the order given. */
    public static TransformChain of(SecretKey... keys) {
        return of(Arrays.stream(keys).map(BlockTransform::forKey).toList());
    }

    public static TransformChain of(List<BlockTransform> transforms) {
        return new TransformChain(new ArrayList<>(transforms));
    }

    /** The same steps (kinds, variants, order) with other keys, one per step. */
    public TransformChain withKeys(List<SecretKey> keys) {
        if (keys.size() != steps.size()) throw new IllegalArgumentException("the chain has " + steps.size() + " steps, got " + keys.size() + " keys");
        List<BlockTransform> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) out.add(steps.get(i).withKey(keys.get(i)));
        return of(out);
    }

    public List<BlockTransform> steps() {
        return steps;
    }

    public List<SecretKey> keys() {
        return steps.stream().map(BlockTransform::key).toList();
    }

    public int channels() {
        return steps.get(0).channels();
    }

    /** T(images) for an NCHW batch in [0, 1]. */
    public INDArray apply(INDArray images) {
        INDArray x = images;
        for (BlockTransform t : steps) x = t.apply(x);
        return x;
    }

    /** T on the autograd tape (BPDA identity gradient through the steps that are not differentiable). */
    public Tensor applyTensor(Tensor images) {
        Tensor x = images;
        for (BlockTransform t : steps) x = t.applyTensor(x);
        return x;
    }

    /** T on the tape with the true derivative of every step ({@link BlockTransform#applyTensorTrueGradient}). */
    public Tensor applyTensorTrueGradient(Tensor images) {
        Tensor x = images;
        for (BlockTransform t : steps) x = t.applyTensorTrueGradient(x);
        return x;
    }

    /** Whether every step has its true gradient (false when FFX is in the chain). */
    public boolean isDifferentiable() {
        return steps.stream().allMatch(BlockTransform::isDifferentiable);
    }

    /** Whether every step is a pixel rearrangement with inversions, which a patch embedding can absorb. */
    public boolean isAbsorbable() {
        return steps.stream().allMatch(t -> t.kind() != TransformKind.FFX);
    }

    /** Checks that C x size x size images can be transformed: the channel count, and every block size divides the size. */
    public void checkImages(int channels, int size) {
        if (channels != channels()) {
            throw new IllegalArgumentException("the key is for " + channels() + " channels but the model takes " + channels);
        }
        for (BlockTransform t : steps) {
            if (size % t.blockSize() != 0) {
                throw new IllegalArgumentException("block size " + t.blockSize() + " does not divide the image size " + size);
            }
        }
    }

    /** The key ids in order. */
    public List<String> keyIds() {
        return steps.stream().map(BlockTransform::keyId).toList();
    }

    /** Kinds, block sizes and key ids, e.g. "shuffle(M=4, C=3, 0123456789abcdef)"; never key material. */
    public String describe() {
        return steps.stream().map(t -> t.kind().fileName() + "(M=" + t.blockSize() + ", C=" + t.channels() + ", " + t.keyId() + ")")
                .collect(Collectors.joining(" then "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformChain c && keys().equals(c.keys());
    }

    @Override
    public int hashCode() {
        return keys().hashCode();
    }

    @Override
    public String toString() {
        return "TransformChain{" + describe() + "}";
    }
}
