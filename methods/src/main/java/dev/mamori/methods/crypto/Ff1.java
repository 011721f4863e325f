package dev.mamori.methods.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * FF1 format-preserving encryption (NIST SP 800-38G, section 5.1, Algorithms 7 and 8) of numeral strings of any radix
 * from 2 to 2^16, with AES (javax.crypto, "AES/ECB/NoPadding" as CIPH) as the block cipher and CBC-MAC as PRF, 10
 * Feistel rounds, optional tweak. Checked against the NIST sample vectors.
 *
 * <p>This class does not enforce Revision 1's minimum domain size (radix^n >= 1,000,000): the block-wise FFX
 * transform deliberately uses a 1000-element domain (3 decimal digits), where FF1 is a keyed permutation but not a
 * strong cipher. An instance holds one {@link Cipher} and is not thread-safe.
 */
public final class Ff1 {
    private static final int ROUNDS = 10;
    private final Cipher aes;
    private final int radix;
    private final byte[] tweak;

    /** @param key 16, 24 or 32 bytes of AES key. */
    public Ff1(byte[] key, int radix, byte[] tweak) {
        if (radix < 2 || radix > 65536) throw new IllegalArgumentException("radix must be in 2..65536, got " + radix);
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must have 16, 24 or 32 bytes, got " + key.length);
        }
        this.radix = radix;
        this.tweak = tweak == null ? new byte[0] : tweak.clone();
        try {
            this.aes = Cipher.getInstance("AES/ECB/NoPadding");
            this.aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this JVM", e);
        }
    }

    /** Encrypts numerals {@code x} (each in 0..radix-1, most significant first, length >= 2). */
    public int[] encrypt(int[] x) {
        return crypt(x, true);
    }

    /** Decrypts what {@link #encrypt} produced. */
    public int[] decrypt(int[] x) {
        return crypt(x, false);
    }

    private int[] crypt(int[] x, boolean encrypt) {
        int n = x.length;
        if (n < 2) throw new IllegalArgumentException("FF1 needs at least 2 numerals, got " + n);
        for (int i = 0; i < n; i++) {
            if (x[i] < 0 || x[i] >= radix) throw new IllegalArgumentException("numeral " + i + " is " + x[i] + ", not in 0.." + (radix - 1));
        }
        int u = n / 2;
        int v = n - u;
        int[] a = Arrays.copyOfRange(x, 0, u);
        int[] b = Arrays.copyOfRange(x, u, n);
        BigInteger bigRadix = BigInteger.valueOf(radix);
        // b = ceil(ceil(v * log2(radix)) / 8); ceil(log2(N)) is the bit length of N - 1.
        int byteLen = (bigRadix.pow(v).subtract(BigInteger.ONE).bitLength() + 7) / 8;
        int d = 4 * ((byteLen + 3) / 4) + 4;
        BigInteger modU = bigRadix.pow(u);
        BigInteger modV = bigRadix.pow(v);

        byte[] p = new byte[16];
        p[0] = 1;
        p[1] = 2;
        p[2] = 1;
        p[3] = (byte) (radix >>> 16);
        p[4] = (byte) (radix >>> 8);
        p[5] = (byte) radix;
        p[6] = 10;
        p[7] = (byte) u;
        putInt(p, 8, n);
        putInt(p, 12, tweak.length);

        int t = tweak.length;
        int zeros = Math.floorMod(-t - byteLen - 1, 16);
        byte[] q = new byte[t + zeros + 1 + byteLen];
        System.arraycopy(tweak, 0, q, 0, t);

        for (int step = 0; step < ROUNDS; step++) {
            int i = encrypt ? step : ROUNDS - 1 - step;
            int[] half = encrypt ? b : a;
            q[t + zeros] = (byte) i;
            writeUnsigned(num(half), q, t + zeros + 1, byteLen);
            BigInteger y = new BigInteger(1, expand(prf(p, q), d));
            int m = (i % 2 == 0) ? u : v;
            BigInteger mod = m == u ? modU : modV;
            if (encrypt) {
                BigInteger c = num(a).add(y).mod(mod);
                a = b;
                b = str(c, m);
            } else {
                BigInteger c = num(b).subtract(y).mod(mod);
                b = a;
                a = str(c, m);
            }
        }
        int[] out = new int[n];
        System.arraycopy(a, 0, out, 0, u);
        System.arraycopy(b, 0, out, u, v);
        return out;
    }

    /** CBC-MAC with a zero IV over P || Q (whose length is a multiple of 16). */
    private byte[] prf(byte[] p, byte[] q) {
        byte[] y = cipher(p);
        for (int off = 0; off < q.length; off += 16) {
            byte[] block = new byte[16];
            for (int k = 0; k < 16; k++) block[k] = (byte) (y[k] ^ q[off + k]);
            y = cipher(block);
        }
        return y;
    }

    /** S: the first d bytes of R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) || ... */
    private byte[] expand(byte[] r, int d) {
        byte[] s = new byte[d];
        int blocks = (d + 15) / 16;
        for (int j = 0; j < blocks; j++) {
            byte[] block;
            if (j == 0) {
                block = r;
            } else {
                byte[] xj = r.clone();
                xj[15] ^= (byte) j;
                xj[14] ^= (byte) (j >>> 8);
                xj[13] ^= (byte) (j >>> 16);
                xj[12] ^= (byte) (j >>> 24);
                block = cipher(xj);
            }
            System.arraycopy(block, 0, s, 16 * j, Math.min(16, d - 16 * j));
        }
        return s;
    }

    private byte[] cipher(byte[] block) {
        try {
            return aes.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block encryption failed", e);
        }
    }

    private BigInteger num(int[] numerals) {
        BigInteger r = BigInteger.ZERO;
        BigInteger bigRadix = BigInteger.valueOf(radix);
        for (int digit : numerals) r = r.multiply(bigRadix).add(BigInteger.valueOf(digit));
        return r;
    }

    private int[] str(BigInteger value, int m) {
        int[] out = new int[m];
        BigInteger bigRadix = BigInteger.valueOf(radix);
        for (int k = m - 1; k >= 0; k--) {
            BigInteger[] qr = value.divideAndRemainder(bigRadix);
            out[k] = qr[1].intValue();
            value = qr[0];
        }
        return out;
    }

    private static void putInt(byte[] dst, int off, int v) {
        dst[off] = (byte) (v >>> 24);
        dst[off + 1] = (byte) (v >>> 16);
        dst[off + 2] = (byte) (v >>> 8);
        dst[off + 3] = (byte) v;
    }

    /** {@code value} as exactly {@code len} big-endian bytes at {@code off}. */
    private static void writeUnsigned(BigInteger value, byte[] dst, int off, int len) {
        byte[] raw = value.toByteArray();
        Arrays.fill(dst, off, off + len, (byte) 0);
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, dst, off + len - copy, copy);
    }
}
