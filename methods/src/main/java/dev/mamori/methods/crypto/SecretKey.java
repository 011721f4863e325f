package dev.mamori.methods.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The secret key of one block-wise transform: its kind, the block size M, the channel count C and the key material,
 * all of length L = M * M * C:
 * <ul>
 *   <li>{@link TransformKind#SHUFFLE}: a permutation {@code key} of 0..L-1 (v'[i] = v[key[i]]);</li>
 *   <li>{@link TransformKind#NEGATIVE_POSITIVE}: a mask (v'[i] = 1 - v[i] where mask[i]);</li>
 *   <li>{@link TransformKind#FFX}: a mask and a 128-bit AES key (FF1 encryption of the masked 8-bit values).</li>
 * </ul>
 *
 * <p>Keys are never printed: {@link #toString()} shows kind, sizes and {@link #id()} only. The id is random (64 bits
 * from SecureRandom, drawn when the key is made and stored with it in its file), not a hash of the material: a hash
 * would let anyone who reads a log or report test key guesses offline, and some key spaces are small (a
 * negative/positive mask of a 1-channel 4 x 4 block is one of 11,440). Keys for experiments and deployment come from
 * {@link #random} (SecureRandom); keys from a seed ({@link #fromSeed}) are reproducible, for tests and papers only (a
 * 64-bit seed is all their entropy, and anyone with the seed rebuilds them). Seeds generate material as follows, with
 * {@code rng = KeySource.seeded(seed)} ({@code new SplittableRandom(seed)}): a permutation is
 * {@link KeySource#permutation} (a Fisher-Yates shuffle of 0..L-1: for i = L-1 down to 1 swap i with
 * rng.nextInt(i + 1)); a mask is {@link KeySource#halfMask} (such a permutation as random ranks, marking positions
 * whose rank exceeds L/2, so it has L - 1 - floor(L/2) marked positions, 23 of 48, as in the reference); an FFX key
 * draws the mask, then 16 bytes of AES key with rng.nextBytes. The same seed therefore gives the same mask
 * for negative/positive and FFX, and a shuffle permutation equal to the ranks behind that mask: use different seeds
 * for keys that must be independent.
 *
 * <p>Files: {@link #save(Path)} / {@link #load(Path)}; the format is described in {@link SecretKeyFile}.
 */
public final class SecretKey {
    /** AES key length used for generated FFX keys (AES-128). */
    public static final int AES_KEY_BYTES = 16;

    private final TransformKind kind;
    private final int blockSize;
    private final int channels;
    private final int[] permutation;
    private final boolean[] mask;
    private final byte[] aesKey;
    private final String id;

    private SecretKey(TransformKind kind, int blockSize, int channels, int[] permutation, boolean[] mask, byte[] aesKey, String id) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        this.blockSize = blockSize;
        this.channels = channels;
        int length = blockLength(blockSize, channels);
        boolean wantsPermutation = kind == TransformKind.SHUFFLE;
        boolean wantsMask = kind != TransformKind.SHUFFLE;
        boolean wantsAes = kind == TransformKind.FFX;
        if (wantsPermutation != (permutation != null) || wantsMask != (mask != null) || wantsAes != (aesKey != null)) {
            throw new IllegalArgumentException("a " + kind.fileName() + " key needs "
                    + (wantsPermutation ? "a permutation" : wantsAes ? "a mask and an AES key" : "a mask") + " and nothing else");
        }
        if (permutation != null) {
            if (permutation.length != length) {
                throw new IllegalArgumentException("permutation has length " + permutation.length + "; expected L = M*M*C = " + length);
            }
            String problem = Permutations.problem(permutation);
            if (problem != null) throw new IllegalArgumentException("permutation " + problem);
        }
        if (mask != null && mask.length != length) {
            throw new IllegalArgumentException("mask has length " + mask.length + "; expected L = M*M*C = " + length);
        }
        if (aesKey != null && aesKey.length != 16 && aesKey.length != 24 && aesKey.length != 32) {
            throw new IllegalArgumentException("AES key has " + aesKey.length + " bytes; expected 16, 24 or 32");
        }
        this.permutation = permutation == null ? null : permutation.clone();
        this.mask = mask == null ? null : mask.clone();
        this.aesKey = aesKey == null ? null : aesKey.clone();
        this.id = id == null ? KeySource.newKeyId() : KeySource.checkKeyId(id);
    }

    // ------------------------------------------------------------------ creation

    /** A shuffling key with an explicit permutation of 0..L-1. */
    public static SecretKey shuffle(int blockSize, int channels, int[] permutation) {
        return new SecretKey(TransformKind.SHUFFLE, blockSize, channels, Objects.requireNonNull(permutation, "permutation"), null, null, null);
    }

    /** A negative/positive key with an explicit mask of length L. */
    public static SecretKey negativePositive(int blockSize, int channels, boolean[] mask) {
        return new SecretKey(TransformKind.NEGATIVE_POSITIVE, blockSize, channels, null, Objects.requireNonNull(mask, "mask"), null, null);
    }

    /** An FFX key with an explicit mask of length L and an AES key of 16, 24 or 32 bytes. */
    public static SecretKey ffx(int blockSize, int channels, boolean[] mask, byte[] aesKey) {
        return new SecretKey(TransformKind.FFX, blockSize, channels, null, Objects.requireNonNull(mask, "mask"),
                Objects.requireNonNull(aesKey, "aesKey"), null);
    }

    /** The same key material under a given id (for key files, which store the id with the material). */
    SecretKey withId(String keyId) {
        return new SecretKey(kind, blockSize, channels, permutation, mask, aesKey, keyId);
    }

    /**
     * A key reproducible from {@code seed} (see the class comment for the exact derivation): for tests and papers that
     * must publish their keys; anyone who knows the seed rebuilds the key. Its id is still random.
     */
    public static SecretKey fromSeed(TransformKind kind, int blockSize, int channels, long seed) {
        return generate(kind, blockSize, channels, KeySource.seeded(seed));
    }

    /** A fresh unpredictable key ({@link KeySource#secure()}). */
    public static SecretKey random(TransformKind kind, int blockSize, int channels) {
        return generate(kind, blockSize, channels, KeySource.secure());
    }

    /** A key whose material is drawn from {@code rng} in the order described in the class comment. */
    public static SecretKey generate(TransformKind kind, int blockSize, int channels, RandomGenerator rng) {
        int length = blockLength(blockSize, channels);
        return switch (kind) {
            case SHUFFLE -> shuffle(blockSize, channels, KeySource.permutation(length, rng));
            case NEGATIVE_POSITIVE -> negativePositive(blockSize, channels, KeySource.halfMask(length, rng));
            case FFX -> {
                boolean[] mask = KeySource.halfMask(length, rng);
                byte[] aes = new byte[AES_KEY_BYTES];
                rng.nextBytes(aes);
                yield ffx(blockSize, channels, mask, aes);
            }
        };
    }

    // ------------------------------------------------------------------ files

    /** Writes this key to a new file readable and writable by its owner only; see {@link SecretKeyFile}. */
    public void save(Path file) throws IOException {
        SecretKeyFile.write(file, this);
    }

    /** Reads and validates a key file of any kind and size. */
    public static SecretKey load(Path file) throws IOException {
        return SecretKeyFile.read(file);
    }

    /** Reads a key file and checks it is of the expected kind, block size and channel count. */
    public static SecretKey load(Path file, TransformKind kind, int blockSize, int channels) throws IOException {
        return SecretKeyFile.read(file, kind, blockSize, channels);
    }

    // ------------------------------------------------------------------ accessors

    public TransformKind kind() {
        return kind;
    }

    public int blockSize() {
        return blockSize;
    }

    public int channels() {
        return channels;
    }

    /** L = M * M * C. */
    public int blockLength() {
        return blockLength(blockSize, channels);
    }

    /** A copy of the shuffling permutation; only for {@link TransformKind#SHUFFLE} keys. */
    public int[] permutation() {
        if (permutation == null) throw new IllegalStateException("a " + kind.fileName() + " key has no permutation");
        return permutation.clone();
    }

    /** A copy of the mask; only for negative/positive and FFX keys. */
    public boolean[] mask() {
        if (mask == null) throw new IllegalStateException("a " + kind.fileName() + " key has no mask");
        return mask.clone();
    }

    /** A copy of the AES key bytes; only for FFX keys. */
    public byte[] aesKey() {
        if (aesKey == null) throw new IllegalStateException("a " + kind.fileName() + " key has no AES key");
        return aesKey.clone();
    }

    /**
     * The key's random id (16 hex digits), stored in its key file and shown in logs, reports and model files. It says
     * which key was used and carries no information about the material.
     */
    public String id() {
        return id;
    }

    /** Kind, sizes and id; never the key material. */
    @Override
    public String toString() {
        return "SecretKey{kind=" + kind.fileName() + ", blockSize=" + blockSize + ", channels=" + channels + ", id=" + id + "}";
    }

    /** Equal material (kind, sizes, permutation or mask, AES key), whatever the ids. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretKey k)) return false;
        return kind == k.kind && blockSize == k.blockSize && channels == k.channels && Arrays.equals(permutation, k.permutation)
                && Arrays.equals(mask, k.mask) && MessageDigest.isEqual(aesKey, k.aesKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, blockSize, channels, Arrays.hashCode(permutation), Arrays.hashCode(mask));
    }

    // ------------------------------------------------------------------ helpers

    /** L = M * M * C; an error (not an overflow) when it does not fit an int. */
    static int blockLength(int blockSize, int channels) {
        try {
            return Math.multiplyExact(Math.multiplyExact(blockSize, blockSize), channels);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("block size " + blockSize + " and " + channels + " channels give a block longer than 2^31 values");
        }
    }

    /**
     * SHA-256 (64 hex digits) over the tag "mamori-secret-key/v2", the id, kind name, M, C and the material present,
     * in that order: the integrity check of a key file, stored only in the key file itself.
     */
    String checksum() {
        KeyFingerprint f = new KeyFingerprint("mamori-secret-key/v2").add(id).add(kind.fileName()).add(blockSize, channels);
        if (permutation != null) f.add(permutation);
        if (mask != null) f.add(mask);
        if (aesKey != null) f.add(aesKey);
        return f.hex();
    }
}
