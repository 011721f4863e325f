package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.keydefense.SecretKey;
import dev.mamori.methods.keydefense.TransformKind;

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
 * The forms in which a key's material could leak into a log or a file: the permutation, mask and AES key as text (comma
 * lists, Java's Arrays.toString, 0/1 strings, hex, Base64) and as binary (int32 in both byte orders, bytes).
 */
final class KeyMaterial {
    private KeyMaterial() {}

    record Pattern(String name, byte[] bytes) {}

    static List<Pattern> patterns(SecretKey key) {
        List<Pattern> out = new ArrayList<>();
        if (key.kind() == TransformKind.SHUFFLE) {
            int[] p = key.permutation();
            out.add(text("permutation csv", Arrays.stream(p).mapToObj(String::valueOf).collect(Collectors.joining(","))));
            out.add(text("permutation list", Arrays.toString(p)));
            out.add(text("permutation spaced", Arrays.stream(p).mapToObj(String::valueOf).collect(Collectors.joining(" "))));
            out.add(new Pattern("permutation int32 LE", ints(p, ByteOrder.LITTLE_ENDIAN)));
            out.add(new Pattern("permutation int32 BE", ints(p, ByteOrder.BIG_ENDIAN)));
            byte[] b = new byte[p.length];
            for (int i = 0; i < p.length; i++) b[i] = (byte) p[i];
            out.add(new Pattern("permutation bytes", b));
        } else {
            boolean[] m = key.mask();
            StringBuilder bits = new StringBuilder();
            byte[] bytes = new byte[m.length];
            for (int i = 0; i < m.length; i++) {
                bits.append(m[i] ? '1' : '0');
                bytes[i] = (byte) (m[i] ? 1 : 0);
            }
            out.add(text("mask bits", bits.toString()));
            out.add(text("mask list", Arrays.toString(m)));
            out.add(text("mask csv", bits.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(","))));
            out.add(new Pattern("mask bytes", bytes));
        }
        if (key.kind() == TransformKind.FFX) {
            byte[] aes = key.aesKey();
            out.add(new Pattern("aes raw", aes));
            out.add(text("aes hex", HexFormat.of().formatHex(aes)));
            out.add(text("aes HEX", HexFormat.of().withUpperCase().formatHex(aes)));
            out.add(text("aes base64", Base64.getEncoder().encodeToString(aes)));
        }
        return out;
    }

    /** Names of the patterns of {@code key} found in {@code haystack}. */
    static List<String> foundIn(byte[] haystack, SecretKey key) {
        return patterns(key).stream().filter(p -> indexOf(haystack, p.bytes()) >= 0).map(Pattern::name).toList();
    }

    static List<String> foundIn(String haystack, SecretKey key) {
        return foundIn(haystack.getBytes(StandardCharsets.UTF_8), key);
    }

    private static Pattern text(String name, String s) {
        return new Pattern(name, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ints(int[] v, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(order);
        for (int x : v) b.putInt(x);
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
