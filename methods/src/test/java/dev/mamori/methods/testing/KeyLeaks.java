package dev.mamori.methods.testing;

import dev.mamori.methods.crypto.KeyFingerprint;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.schemes.BlockwiseKey;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The forms in which key material could leak into a file, a log or a string: the permutation, mask and AES key as text
 * (comma lists, Java's Arrays.toString, JSON, 0/1 strings, hex, Base64) and as binary (int32/int64 in both byte orders,
 * float32, bytes), and digests of the material that would let anyone test a guessed key offline (the SHA-256 the keys
 * once showed as their fingerprint, whole or as its 12- and 8-digit prefixes; the SHA-256 of the raw material). For
 * the encryption schemes' keys ({@link EncryptionKey}) the same for every part of their material (integer and bit
 * arrays, bytes, NeuraCrypt's float32 weights) and the 12-digit fingerprint each key type once showed.
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

    /** Text patterns shorter than this many bytes could occur by chance in any log; they are not searched. */
    private static final int MIN_TEXT = 12;
    /** Binary patterns shorter than this are not searched either. */
    private static final int MIN_BINARY = 16;
    /** How many leading weights of a float part are searched (a leak of the part contains them). */
    private static final int FLOAT_WINDOW = 16;

    /** Named byte patterns of an encryption key's material, part by part, and the fingerprint its type once showed. */
    static List<Pattern> patterns(EncryptionKey key) {
        if (key instanceof BlockwiseKey b) return patterns(b.secretKey());
        List<Pattern> out = new ArrayList<>();
        key.material().parts().forEach((name, part) -> {
            if (part instanceof KeyMaterial.Ints p) {
                int[] v = p.values();
                // a part that is one value throughout is fixed by the geometry (the colour permutation of a gray
                // image is all zeros), not drawn; its bytes (runs of zeros) occur in any image or weight file
                if (Arrays.stream(v).allMatch(x -> x == v[0])) return;
                addText(out, name + " csv", Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(",")));
                addText(out, name + " comma-space list", Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(", ")));
                addText(out, name + " spaced", Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(" ")));
                addBinary(out, name + " int32 LE", ints(v, ByteOrder.LITTLE_ENDIAN, 4));
                addBinary(out, name + " int32 BE", ints(v, ByteOrder.BIG_ENDIAN, 4));
                addBinary(out, name + " int64 LE", ints(v, ByteOrder.LITTLE_ENDIAN, 8));
            } else if (part instanceof KeyMaterial.Bits p) {
                boolean[] m = p.values();
                StringBuilder bits = new StringBuilder();
                byte[] bytes = new byte[m.length];
                for (int i = 0; i < m.length; i++) {
                    bits.append(m[i] ? '1' : '0');
                    bytes[i] = (byte) (m[i] ? 1 : 0);
                }
                addText(out, name + " bits", bits.toString());
                addText(out, name + " Arrays.toString", Arrays.toString(m));
                addText(out, name + " 0/1 csv", bits.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(",")));
                addBinary(out, name + " bytes", bytes);
            } else if (part instanceof KeyMaterial.Bytes p) {
                byte[] b = p.values();
                addBinary(out, name + " raw", b);
                addText(out, name + " hex", HexFormat.of().formatHex(b));
                addText(out, name + " HEX", HexFormat.of().withUpperCase().formatHex(b));
                addText(out, name + " base64", Base64.getEncoder().encodeToString(b));
                addText(out, name + " Arrays.toString", Arrays.toString(b));
            } else if (part instanceof KeyMaterial.Floats p) {
                float[] w = Arrays.copyOf(p.values(), Math.min(FLOAT_WINDOW, p.values().length));
                // likewise a part whose weights are all one value (a bias or norm scale at its initial 0 or 1)
                if (IntStream.range(1, w.length).allMatch(i -> Float.compare(w[i], w[0]) == 0)) return;
                ByteBuffer le = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer be = ByteBuffer.allocate(4 * w.length).order(ByteOrder.BIG_ENDIAN);
                for (float x : w) {
                    le.putFloat(x);
                    be.putFloat(x);
                }
                addBinary(out, name + " float32 LE", le.array());
                addBinary(out, name + " float32 BE", be.array());
                // Base64 of whole 3-byte groups is a prefix of the Base64 of the whole part (as the key file writes it)
                addText(out, name + " float32 base64", Base64.getEncoder().encodeToString(Arrays.copyOf(le.array(), le.array().length / 3 * 3)));
                addText(out, name + " Float.toString list", floatList(w, 4));
            }
        });
        String legacy = legacyFingerprint(key);
        out.add(text("the fingerprint this key type once showed (12 hex digits)", legacy));
        return out;
    }

    private static String floatList(float[] w, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, w.length); i++) s.append(i == 0 ? "" : ", ").append(w[i]);
        return s.toString();
    }

    /**
     * The 12 hex digits each encryption key type showed as its fingerprint before keys got random ids: SHA-256 over
     * a per-type tag, the geometry and the material (EtC, ELE and PE in their own order of fields; the others over
     * {@link KeyMaterial#addTo}'s encoding).
     */
    public static String legacyFingerprint(EncryptionKey key) {
        if (key instanceof BlockwiseKey b) return materialDigest(b.secretKey()).substring(0, 12);
        KeyGeometry g = key.geometry();
        KeyMaterial m = key.material();
        return switch (key.scheme()) {
            case "etc" -> new KeyFingerprint("mamori-etc-key/v1").add(g.blockSize(), g.channels(), g.height(), g.width())
                    .add(m.ints("block_permutation")).add(m.ints("rotation")).add(m.ints("flip")).add(m.bits("negative_positive"))
                    .add(m.ints("colour_permutation")).hex12();
            case "ele" -> {
                KeyFingerprint f = new KeyFingerprint("mamori-ele-key/v1").add(g.blockSize(), g.channels(), g.height(), g.width())
                        .add(m.ints("block_permutation"));
                int[] shuffle = m.ints("shuffle");
                boolean[] inversion = m.bits("inversion");
                int l = shuffle.length / g.blockCount();
                for (int b = 0; b < g.blockCount(); b++) {
                    f.add(Arrays.copyOfRange(shuffle, b * l, (b + 1) * l)).add(Arrays.copyOfRange(inversion, b * l, (b + 1) * l));
                }
                yield f.hex12();
            }
            case "pe" -> new KeyFingerprint("mamori-pe-key/v1").add(g.channels(), g.height(), g.width()).add(m.bits("negated"))
                    .add(m.ints("colour_permutation")).hex12();
            default -> m.addTo(new KeyFingerprint("mamori-" + key.scheme().replace('_', '-') + "-key/v1")
                    .add(g.channels(), g.height(), g.width(), g.blockSize())).hex12();
        };
    }

    /** The names of the patterns of encryption key {@code key} found in {@code haystack} (empty when nothing leaked). */
    public static List<String> foundIn(byte[] haystack, EncryptionKey key) {
        return patterns(key).stream().filter(p -> indexOf(haystack, p.bytes()) >= 0).map(Pattern::name).toList();
    }

    public static List<String> foundIn(String haystack, EncryptionKey key) {
        return foundIn(haystack.getBytes(StandardCharsets.UTF_8), key);
    }

    private static void addText(List<Pattern> out, String name, String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length >= MIN_TEXT) out.add(text(name, s));
    }

    private static void addBinary(List<Pattern> out, String name, byte[] b) {
        if (b.length >= MIN_BINARY) out.add(new Pattern(name, b));
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
