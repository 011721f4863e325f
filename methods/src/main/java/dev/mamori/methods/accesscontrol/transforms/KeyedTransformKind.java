package dev.mamori.methods.accesscontrol.transforms;

import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The keyed transforms of access control with encrypted feature maps (Nagamori et al. 2023; the details are our
 * reconstruction, docs/METHODS.md item 6), each backed by a block-wise key of {@code dev.mamori.methods.crypto}:
 * <ul>
 *   <li>{@link #PIXEL_SHUFFLE}: block-wise shuffling of the values of every M x M x C block (a shuffle key, L = M*M*C);</li>
 *   <li>{@link #CHANNEL_SHUFFLE}: the same channel permutation at every position (a shuffle key with M = 1, L = C);</li>
 *   <li>{@link #NEGATIVE_POSITIVE}: negative/positive on maps normalized to [0, 1] (a negative/positive key, L = M*M*C).</li>
 * </ul>
 */
public enum KeyedTransformKind {
    PIXEL_SHUFFLE("pixel_shuffle", TransformKind.SHUFFLE),
    CHANNEL_SHUFFLE("channel_shuffle", TransformKind.SHUFFLE),
    NEGATIVE_POSITIVE("negative_positive", TransformKind.NEGATIVE_POSITIVE);

    private final String configName;
    private final TransformKind keyKind;

    KeyedTransformKind(String configName, TransformKind keyKind) {
        this.configName = configName;
        this.keyKind = keyKind;
    }

    /** The name in configs and reports. */
    public String configName() {
        return configName;
    }

    /** The kind of the {@link SecretKey} behind it. */
    public TransformKind keyKind() {
        return keyKind;
    }

    /** The key's block size for transform block size {@code blockSize}: 1 for a channel shuffle. */
    public int keyBlockSize(int blockSize) {
        return this == CHANNEL_SHUFFLE ? 1 : blockSize;
    }

    /** A key for maps of {@code channels} channels, drawn from {@code rng} ({@code KeySource.secure()} or a seeded one). */
    public SecretKey drawKey(int channels, int blockSize, RandomGenerator rng) {
        return SecretKey.generate(keyKind, keyBlockSize(blockSize), channels, rng);
    }

    public static KeyedTransformKind fromConfigName(String name) {
        for (KeyedTransformKind k : values()) if (k.configName.equals(name)) return k;
        throw new IllegalArgumentException("unknown keyed transform '" + name + "'; expected one of "
                + Arrays.stream(values()).map(KeyedTransformKind::configName).collect(Collectors.joining(", ")));
    }
}
