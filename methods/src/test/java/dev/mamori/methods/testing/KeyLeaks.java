package dev.mamori.methods.testing;

import dev.mamori.methods.crypto.KeyFingerprint;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The forms in which key material could leak into a file, a log or a string: the permutation, mask and AES key as text
 * (comma lists, Java's Arrays.toString, JSON, 0/1 strings, hex, Base64) and as binary (int32/int64 in both byte orders,
 * float32, bytes), and digests of the material that would let anyone test a guessed key offline (the SHA-256 the keys
 * once showed as their fingerprint, whole or as its 12- and 8-digit prefixes; the SHA-256 of the raw material).
 */
public final class KeyLeaks {
    private KeyLeaks() {}

    /** Named byte patterns of {@code key}'s material. */
    static List<Pattern> patterns(SecretKey key) {
        List<Pattern> out = new ArrayList<>();
        if (key.kind() == TransformKind.SHUFFLE) {
            int[] p = key.permutation();
            String csv = Arrays.stream(p).mapToObj(String::valueOf).collect(Collectors.joining(","));
            out.add(text("permutation csv", csv));
            out.add(text("permutation comma-space list", Arrays.stream(p).mapToObj(String::valueOf).collect(Collectors.joining(", "))));
            out.add(text("permutation spaced", Arrays.stream(p).mapToObj(String::valueOf).collect(Collectors.joining(" "))));
            out.add(new Pattern("permutation int32 LE", ints(p, ByteOrder.LITTLE_ENDIAN, 4)));
            out.add(new Pattern("permutation int32 BE", ints(p, ByteOrder.BIG_ENDIAN, 4)));
            out.add(new Pattern("permutation int64 LE", ints(p, ByteOrder.LITTLE_ENDIAN, 8)));
            out.add(new Pattern("permutation float32 LE", floats(Arrays.stream(p).asDoubleStream().toArray())));
            byte[] asBytes = new byte[p.length];
            for (int i = 0; i < p.length; i++) asBytes[i] = (byte) p[i];
            out.add(new Pattern("permutation bytes", asBytes));
        } else {
            boolean[] m = key.mask();
            StringBuilder bits = new StringBuilder();
            byte[] bytes = new byte[m.length];
            double[] values = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                bits.append(m[i] ? '1' : '0');
                bytes[i] = (byte) (m[i] ? 1 : 0);
                values[i] = m[i] ? 1 : 0;
            }
            out.add(text("mask bits", bits.toString()));
            out.add(text("mask Arrays.toString", Arrays.toString(m)));
            out.add(text("mask 0/1 comma-space list", bits.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(", "))));
            out.add(text("mask csv", bits.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(","))));
            out.add(new Pattern("mask bytes", bytes));
            out.add(new Pattern("mask float32 LE", floats(values)));
        }
        String digest = materialDigest(key);
        out.add(text("material digest (SHA-256, hex)", digest));
        out.add(text("material digest, 12 hex digits", digest.substring(0, 12)));
        out.add(text("material digest, 8 hex digits", digest.substring(0, 8)));
        String raw = rawDigest(key);
        out.add(text("raw material SHA-256, 12 hex digits", raw.substring(0, 12)));
        if (key.kind() == TransformKind.FFX) {
            byte[] aes = key.aesKey();
            out.add(new Pattern("aes raw", aes));
            out.add(text("aes hex", HexFormat.of().formatHex(aes)));
            out.add(text("aes HEX", HexFormat.of().withUpperCase().formatHex(aes)));
            out.add(text("aes base64", Base64.getEncoder().encodeToString(aes)));
            out.add(text("aes Arrays.toString", Arrays.toString(aes)));
        }
        return out;
    }

    /** SHA-256 over "mamori-secret-key/v1", kind, M, C and the material: what version-1 keys showed as their fingerprint. */
    public static String materialDigest(SecretKey k) {
        KeyFingerprint f = new KeyFingerprint("mamori-secret-key/v1").add(k.kind().fileName()).add(k.blockSize(), k.channels());
        if (k.kind() == TransformKind.SHUFFLE) f.add(k.permutation());
        else f.add(k.mask());
        if (k.kind() == TransformKind.FFX) f.add(k.aesKey());
        return f.hex();
    }

    /** SHA-256 of the material alone (permutation as int32 big-endian, or mask bytes, then AES key bytes). */
    static String rawDigest(SecretKey k) {
        KeyFingerprint f = new KeyFingerprint("");
        if (k.kind() == TransformKind.SHUFFLE) f.add(k.permutation());
        else f.add(k.mask());
        if (k.kind() == TransformKind.FFX) f.add(k.aesKey());
        return f.hex();
    }

    /** The names of the patterns of {@code key} found in {@code haystack} (empty when nothing leaked). */
    public static List<String> foundIn(byte[] haystack, SecretKey key) {
        return patterns(key).stream().filter(p -> indexOf(haystack, p.bytes()) >= 0).map(Pattern::name).toList();
    }

    public static List<String> foundIn(String haystack, SecretKey key) {
        return foundIn(haystack.getBytes(StandardCharsets.UTF_8), key);
    }

    record Pattern(String name, byte[] bytes) {}

    private static Pattern text(String name, String s) {
        return new Pattern(name, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ints(int[] v, ByteOrder order, int width) {
        ByteBuffer b = ByteBuffer.allocate(v.length * width).order(order);
        for (int x : v) {
            if (width == 4) b.putInt(x);
            else b.putLong(x);
        }
        return b.array();
    }

    private static byte[] floats(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putFloat((float) x);
        return b.array();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
