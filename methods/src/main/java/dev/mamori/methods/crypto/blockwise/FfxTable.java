package dev.mamori.methods.crypto.blockwise;

import dev.mamori.methods.crypto.Ff1;

import java.util.Arrays;

/**
 * The 256-entry lookup table of the block-wise FFX transform: {@code table[p]} is the FF1 encryption (AES key,
 * radix 10, 3 numerals, empty tweak, 10 rounds; see {@link Ff1}) of the 8-bit value p written as the 3-digit
 * decimal string 000..255, read back as an integer in 0..999. FF1 permutes the 1000 three-digit strings, so the
 * table is injective and can be inverted; its values are rescaled by {@link #max()} so encrypted pixels stay in
 * [0, 1].
 */
public final class FfxTable {
    public static final int LEVELS = 256;
    public static final int DIGITS = 3;
    private final int[] table = new int[LEVELS];
    private final int[] inverse;
    private final int max;
    private final double[] normalizedForward = new double[LEVELS];
    private final double[] normalizedInverse;

    public FfxTable(byte[] aesKey) {
        Ff1 ff1 = new Ff1(aesKey, 10, new byte[0]);
        int m = 0;
        for (int p = 0; p < LEVELS; p++) {
            int[] c = ff1.encrypt(new int[]{p / 100, (p / 10) % 10, p % 10});
            table[p] = c[0] * 100 + c[1] * 10 + c[2];
            m = Math.max(m, table[p]);
        }
        this.max = m;
        this.inverse = new int[m + 1];
        Arrays.fill(inverse, -1);
        for (int p = 0; p < LEVELS; p++) {
            if (inverse[table[p]] >= 0) {
                throw new IllegalStateException("FFX table is not injective: " + inverse[table[p]] + " and " + p + " collide");
            }
            inverse[table[p]] = p;
        }
        for (int p = 0; p < LEVELS; p++) normalizedForward[p] = (double) table[p] / max;
        this.normalizedInverse = new double[max + 1];
        for (int c = 0; c <= max; c++) normalizedInverse[c] = inverse[c] < 0 ? -1.0 : inverse[c] / 255.0;
    }

    /** The ciphertext (0..999) of 8-bit value p. */
    public int encrypt(int p) {
        return table[p];
    }

    /** The 8-bit value whose ciphertext is c, or -1 when no value encrypts to c. */
    public int decrypt(int c) {
        return c >= 0 && c <= max ? inverse[c] : -1;
    }

    /** The largest ciphertext in the table (the rescaling divisor). */
    public int max() {
        return max;
    }

    /** A copy of the table. */
    public int[] values() {
        return table.clone();
    }

    /** table[p] / max for p = 0..255: the encrypted value in [0, 1] of the level p / 255. Shared: do not modify. */
    double[] normalizedForward() {
        return normalizedForward;
    }

    /** For c = 0..max: the level decrypt(c) / 255, or -1 where c is not a ciphertext. Shared: do not modify. */
    double[] normalizedInverse() {
        return normalizedInverse;
    }
}
