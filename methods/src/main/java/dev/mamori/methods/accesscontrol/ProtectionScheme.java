package dev.mamori.methods.accesscontrol;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.accesscontrol.transforms.BlockwiseTransform;
import dev.mamori.methods.accesscontrol.transforms.KeyedTransform;
import dev.mamori.methods.accesscontrol.transforms.KeyedTransformKind;
import dev.mamori.methods.accesscontrol.transforms.NormalizedNegativePositive;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.models.detection.CenterNet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Where a detector is keyed and with what: on the feature map after backbone stage {@code stage} (1 = the first
 * stage; Nagamori et al.'s proposal) or on the input images ({@code stage} 0: the block-wise image transform of the
 * key-based defense, which the paper argues costs detectors too much accuracy), with a transform kind and block size.
 *
 * @param stage     0 for the input images, s >= 1 for the map after backbone stage s
 * @param kind      the keyed transform
 * @param blockSize M (a channel shuffle's key has M = 1 whatever this is)
 */
public record ProtectionScheme(int stage, KeyedTransformKind kind, int blockSize) {

    public ProtectionScheme {
        if (stage < 0) throw new IllegalArgumentException("stage must be 0 (input images) or a backbone stage >= 1, got " + stage);
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
    }

    public boolean onInput() {
        return stage == 0;
    }

    /** "input/pixel_shuffle/M4", "stage1/channel_shuffle". */
    public String id() {
        String where = onInput() ? "input" : "stage" + stage;
        return where + "/" + kind.configName() + (kind == KeyedTransformKind.CHANNEL_SHUFFLE ? "" : "/M" + blockSize);
    }

    /** Channels of the keyed tensor in a detector of this config. */
    public int channels(CenterNet.Config c) {
        return onInput() ? c.inChannels() : c.stageChannels(stage - 1);
    }

    /** Side of the keyed tensor for the config's image size. */
    public int side(CenterNet.Config c) {
        return onInput() ? c.imageSize() : c.stageSize(stage - 1);
    }

    /** Fails with a message naming the stage when the scheme does not fit the detector. */
    public void check(CenterNet.Config c) {
        if (stage > c.backboneChannels().length) {
            throw new IllegalArgumentException("stage " + stage + ": the detector has backbone stages 1.." + c.backboneChannels().length);
        }
        int m = kind.keyBlockSize(blockSize);
        if (side(c) % m != 0) throw new IllegalArgumentException(id() + ": block size " + m + " does not divide the " + side(c) + "-pixel map");
    }

    /** A fresh key for this scheme in a detector of config {@code c}. */
    public SecretKey drawKey(CenterNet.Config c, RandomGenerator rng) {
        check(c);
        return kind.drawKey(channels(c), blockSize, rng);
    }

    /** Reads a key file saved for this scheme on detector {@code c}: its kind, block size and channels must fit (errors name the file). */
    public SecretKey loadKey(CenterNet.Config c, Path file) throws IOException {
        check(c);
        return SecretKey.load(file, kind.keyKind(), kind.keyBlockSize(blockSize), channels(c));
    }

    /**
     * The transform of {@code key}: on feature maps, negative/positive works on normalized maps; on input images
     * (already in [0, 1]) every kind is the key-based defense's block-wise transform.
     */
    public KeyedTransform transform(SecretKey key) {
        if (kind == KeyedTransformKind.NEGATIVE_POSITIVE && !onInput()) return new NormalizedNegativePositive(key);
        return new BlockwiseTransform(kind, key);
    }

    /**
     * What takes the transform's place when a user has no key at all: nothing, except the normalization in front of a
     * feature-map negative/positive (part of the architecture, not of the key).
     */
    public UnaryOperator<Tensor> withoutKey() {
        if (kind == KeyedTransformKind.NEGATIVE_POSITIVE && !onInput()) return NormalizedNegativePositive::normalize;
        return UnaryOperator.identity();
    }
}
