package dev.mamori.methods.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * The key file: one JSON object, written readable and writable by its owner only (POSIX {@code rw-------}), e.g.
 * <pre>{@code
 * {
 *   "format" : "mamori-secret-key",
 *   "version" : 1,
 *   "kind" : "ffx",                  // shuffle | negative_positive | ffx
 *   "block_size" : 4,                // M
 *   "channels" : 3,                  // C
 *   "length" : 48,                   // L = M * M * C
 *   "mask" : "0011001100...",        // negative_positive, ffx: L characters '0' or '1'
 *   "aes_key" : "00112233...",       // ffx: 32, 48 or 64 hex digits
 *   "fingerprint" : "1a2b3c4d5e6f"   // SecretKey.fingerprint(), checked on load
 * }
 * }</pre>
 * A shuffle key has {@code "permutation" : [ ... L integers ... ]} instead of mask and AES key. Fields that do not
 * belong to the kind, unknown fields, and a fingerprint that does not match the material are errors, so that a key of
 * one kind or size is never used as another. Every error is a {@link KeyFileException} naming the file and the field,
 * and never quoting valid key material.
 */
public final class SecretKeyFile {
    public static final String FORMAT = "mamori-secret-key";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("format", "version", "kind", "block_size", "channels", "length",
            "permutation", "mask", "aes_key", "fingerprint");

    private SecretKeyFile() {}

    /**
     * Writes {@code key} to {@code file}, which must not exist yet (a key is never overwritten by accident). The file is
     * created with owner-only permissions before any material is written, then moved into place.
     */
    public static void write(Path file, SecretKey key) throws IOException {
        OwnerOnlyFiles.writeNew(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(key)));
    }

    /** Whether {@code file} can be read or written by its owner only (always true where POSIX permissions do not exist). */
    public static boolean isOwnerOnly(Path file) throws IOException {
        return OwnerOnlyFiles.isOwnerOnly(file);
    }

    /** Reads and validates a key file of any kind and size. */
    public static SecretKey read(Path file) throws IOException {
        return read(file, null, 0, 0);
    }

    /**
     * Reads a key file and checks it against the expected kind, block size and channel count (null / 0 for "any").
     */
    public static SecretKey read(Path file, TransformKind expectedKind, int expectedBlockSize, int expectedChannels) throws IOException {
        if (!Files.isRegularFile(file)) throw new KeyFileException(file, null, "does not exist or is not a regular file");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the text around the error, which is key material: report the position only.
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new KeyFileException(file, null, "is not valid JSON" + where);
        }
        if (root == null || !root.isObject()) throw new KeyFileException(file, null, "expected a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) throw new KeyFileException(file, name, "unknown field; expected only " + FIELDS);
        }
        String format = text(file, root, "format");
        if (!FORMAT.equals(format)) throw new KeyFileException(file, "format", "is '" + format + "'; expected '" + FORMAT + "'");
        int version = positiveInt(file, root, "version");
        if (version != VERSION) throw new KeyFileException(file, "version", "is " + version + "; this reader knows version " + VERSION);

        TransformKind kind;
        try {
            kind = TransformKind.fromFileName(text(file, root, "kind"));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "kind", e.getMessage());
        }
        if (expectedKind != null && kind != expectedKind) {
            throw new KeyFileException(file, "kind", "is '" + kind.fileName() + "'; expected '" + expectedKind.fileName() + "'");
        }
        int blockSize = positiveInt(file, root, "block_size");
        if (expectedBlockSize > 0 && blockSize != expectedBlockSize) {
            throw new KeyFileException(file, "block_size", "is " + blockSize + "; expected " + expectedBlockSize);
        }
        int channels = positiveInt(file, root, "channels");
        if (expectedChannels > 0 && channels != expectedChannels) {
            throw new KeyFileException(file, "channels", "is " + channels + "; expected " + expectedChannels);
        }
        int length = positiveInt(file, root, "length");
        int expectedLength = SecretKey.blockLength(blockSize, channels);
        if (length != expectedLength) {
            throw new KeyFileException(file, "length", "is " + length + "; expected block_size * block_size * channels = " + expectedLength);
        }

        requirePresence(file, root, "permutation", kind == TransformKind.SHUFFLE, kind);
        requirePresence(file, root, "mask", kind != TransformKind.SHUFFLE, kind);
        requirePresence(file, root, "aes_key", kind == TransformKind.FFX, kind);
        SecretKey key = switch (kind) {
            case SHUFFLE -> SecretKey.shuffle(blockSize, channels, permutation(file, root, length));
            case NEGATIVE_POSITIVE -> SecretKey.negativePositive(blockSize, channels, mask(file, root, length));
            case FFX -> SecretKey.ffx(blockSize, channels, mask(file, root, length), aesKey(file, root));
        };
        String fingerprint = text(file, root, "fingerprint");
        if (!fingerprint.equals(key.fingerprint())) {
            throw new KeyFileException(file, "fingerprint", "is '" + fingerprint + "' but the key material has fingerprint '"
                    + key.fingerprint() + "' (the file was edited or damaged)");
        }
        return key;
    }

    // ------------------------------------------------------------------ encoding

    private static ObjectNode toJson(SecretKey key) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("kind", key.kind().fileName());
        o.put("block_size", key.blockSize());
        o.put("channels", key.channels());
        o.put("length", key.blockLength());
        if (key.kind() == TransformKind.SHUFFLE) {
            ArrayNode p = o.putArray("permutation");
            for (int v : key.permutation()) p.add(v);
        } else {
            StringBuilder m = new StringBuilder();
            for (boolean b : key.mask()) m.append(b ? '1' : '0');
            o.put("mask", m.toString());
        }
        if (key.kind() == TransformKind.FFX) o.put("aes_key", HexFormat.of().formatHex(key.aesKey()));
        o.put("fingerprint", key.fingerprint());
        return o;
    }

    // ------------------------------------------------------------------ decoding

    private static String text(Path file, JsonNode root, String field) throws KeyFileException {
        JsonNode n = root.get(field);
        if (n == null) throw new KeyFileException(file, field, "is missing");
        if (!n.isTextual()) throw new KeyFileException(file, field, "expected a string, got " + n.getNodeType());
        return n.asText();
    }

    private static int positiveInt(Path file, JsonNode root, String field) throws KeyFileException {
        JsonNode n = root.get(field);
        if (n == null) throw new KeyFileException(file, field, "is missing");
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw new KeyFileException(file, field, "expected a positive integer, got " + n);
        }
        return n.asInt();
    }

    private static void requirePresence(Path file, JsonNode root, String field, boolean wanted, TransformKind kind) throws KeyFileException {
        if (wanted && !root.has(field)) throw new KeyFileException(file, field, "is missing (a " + kind.fileName() + " key needs it)");
        if (!wanted && root.has(field)) throw new KeyFileException(file, field, "does not belong to a " + kind.fileName() + " key");
    }

    private static int[] permutation(Path file, JsonNode root, int length) throws KeyFileException {
        JsonNode n = root.get("permutation");
        if (!n.isArray()) throw new KeyFileException(file, "permutation", "expected an array of integers, got " + n.getNodeType());
        if (n.size() != length) throw new KeyFileException(file, "permutation", "has " + n.size() + " entries; expected length " + length);
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = n.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new KeyFileException(file, "permutation", "entry at position " + i + " is not an integer");
            }
            p[i] = v.asInt();
        }
        String problem = Permutations.problem(p);
        if (problem != null) throw new KeyFileException(file, "permutation", problem);
        return p;
    }

    private static boolean[] mask(Path file, JsonNode root, int length) throws KeyFileException {
        String s = text(file, root, "mask");
        if (s.length() != length) throw new KeyFileException(file, "mask", "has " + s.length() + " characters; expected length " + length);
        boolean[] m = new boolean[length];
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '1') throw new KeyFileException(file, "mask", "character at position " + i + " is not '0' or '1'");
            m[i] = c == '1';
        }
        return m;
    }

    private static byte[] aesKey(Path file, JsonNode root) throws KeyFileException {
        String s = text(file, root, "aes_key");
        if (s.length() != 32 && s.length() != 48 && s.length() != 64) {
            throw new KeyFileException(file, "aes_key", "has " + s.length() + " hex digits; expected 32, 48 or 64 (AES-128/192/256)");
        }
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "aes_key", "is not hexadecimal");
        }
    }
}
