package dev.mamori.methods.crypto;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Where the material of every secret key comes from, for all keyed methods (block-wise keys, LE/ELE/PE/EtC keys):
 * {@link #secure()} for keys that protect something, {@link #seeded(long)} for reproducible experiment keys (a
 * 64-bit seed is all their entropy), and the draws the key types make from either source. Keeping the draws in one
 * place keeps seeded keys identical across versions: a key type documents its derivation in terms of these calls.
 */
public final class KeySource {
    private KeySource() {}

    /** An unpredictable source (SecureRandom): keys for deployment. */
    public static RandomGenerator secure() {
        return new SecureRandom();
    }

    /** A reproducible source, {@code new SplittableRandom(seed)}: keys for experiments and tests. */
    public static RandomGenerator seeded(long seed) {
        return new SplittableRandom(seed);
    }

    /** Length of a key id in hex digits (64 random bits). */
    public static final int KEY_ID_HEX_DIGITS = 16;
    private static final SecureRandom IDS = new SecureRandom();

    /**
     * A fresh random key id: 64 bits from SecureRandom as 16 lowercase hex digits, never derived from key material or
     * from a seed, so that showing it reveals nothing about the key.
     */
    public static String newKeyId() {
        byte[] b = new byte[KEY_ID_HEX_DIGITS / 2];
        synchronized (IDS) {
            IDS.nextBytes(b);
        }
        return java.util.HexFormat.of().formatHex(b);
    }

    /** {@code id} if it is a key id (16 lowercase hex digits); an error otherwise. */
    public static String checkKeyId(String id) {
        if (id == null || !id.matches("[0-9a-f]{" + KEY_ID_HEX_DIGITS + "}")) {
            throw new IllegalArgumentException("a key id is " + KEY_ID_HEX_DIGITS + " lowercase hex digits");
        }
        return id;
    }

    /** A Fisher-Yates shuffle of 0..n-1: for i = n-1 down to 1, swap i with rng.nextInt(i + 1). */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * mask[i] = rank[i] > n / 2 for a {@link #permutation} {@code rank} of 0..n-1: n - 1 - floor(n/2) marked positions
     * (23 of 48), as the reference code of the block-wise negative/positive transform draws them.
     */
    public static boolean[] halfMask(int n, RandomGenerator rng) {
        int[] rank = permutation(n, rng);
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i++) mask[i] = rank[i] > n / 2.0;
        return mask;
    }
}
