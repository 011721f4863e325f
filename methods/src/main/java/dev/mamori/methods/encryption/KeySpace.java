package dev.mamori.methods.encryption;

import java.math.BigInteger;
import java.util.Locale;

/**
 * How many keys a scheme has for one image geometry, and how many of them give different encryptions (two keys of
 * EtC that differ only in a rotation-and-flip pair describing the same symmetry of the square encrypt alike). Counts
 * are exact where the key is discrete; NeuraCrypt's key is a set of random float32 weights, for which only the bit
 * count of the weights is a (loose) upper bound.
 *
 * @param exactKeys     the number of keys, or null where the key is continuous
 * @param exactDistinct the number of keys that encrypt differently (for images in general position), or null
 * @param log2Keys      log2 of the number of keys (for continuous keys: 32 x the number of float32 weights)
 * @param log2Distinct  log2 of the number of distinct encryptions
 * @param formula       how the count is made, in the scheme's terms
 * @param note          what the count does and does not mean
 */
public record KeySpace(BigInteger exactKeys, BigInteger exactDistinct, double log2Keys, double log2Distinct, String formula, String note) {

    /** A discrete key space: every key encrypts differently. */
    public static KeySpace discrete(BigInteger keys, String formula, String note) {
        return new KeySpace(keys, keys, log2(keys), log2(keys), formula, note);
    }

    /** A discrete key space in which {@code distinct} of the {@code keys} keys encrypt differently. */
    public static KeySpace discrete(BigInteger keys, BigInteger distinct, String formula, String note) {
        return new KeySpace(keys, distinct, log2(keys), log2(distinct), formula, note);
    }

    /** A key of {@code floats} random float32 weights: at most 32 bits each. */
    public static KeySpace continuous(long floats, String formula, String note) {
        return new KeySpace(null, null, 32.0 * floats, 32.0 * floats, formula, note);
    }

    /** "2^717.3" or the exact number when it has at most 15 digits. */
    public String describeDistinct() {
        if (exactDistinct != null && exactDistinct.bitLength() < 50) return String.format(Locale.ROOT, "%,d", exactDistinct);
        return String.format(Locale.ROOT, exactDistinct == null ? "<= 2^%.0f" : "2^%.1f", log2Distinct);
    }

    // ------------------------------------------------------------------ counting

    /** log2 of a positive integer, to double precision. */
    public static double log2(BigInteger n) {
        if (n.signum() <= 0) throw new IllegalArgumentException("log2 of a non-positive number");
        int excess = Math.max(0, n.bitLength() - 60);
        return Math.log(n.shiftRight(excess).doubleValue()) / Math.log(2) + excess;
    }

    /** n!. */
    public static BigInteger factorial(int n) {
        if (n < 0) throw new IllegalArgumentException("factorial of " + n);
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) f = f.multiply(BigInteger.valueOf(i));
        return f;
    }

    /** n choose k. */
    public static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) return BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < k; i++) b = b.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        return b;
    }

    /** base^exponent. */
    public static BigInteger pow(BigInteger base, int exponent) {
        return base.pow(exponent);
    }

    public static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
