package dev.mamori.methods.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The key file: one JSON object, written readable and writable by its owner only (POSIX {@code rw-------}), e.g.
 * <pre>{@code
 * {
 *   "format" : "mamori-secret-key",
 *   "version" : 2,
 *   "id" : "0123456789abcdef",       // SecretKey.id(): random, what logs, reports and model files show
 *   "kind" : "ffx",                  // shuffle | negative_positive | ffx
 *   "block_size" : 4,                // M
 *   "channels" : 3,                  // C
 *   "length" : 48,                   // L = M * M * C
 *   "mask" : "0011001100...",        // negative_positive, ffx: L characters '0' or '1'
 *   "aes_key" : "00112233...",       // ffx: 32, 48 or 64 hex digits
 *   "checksum" : "9f86d0..."         // SHA-256 of id, kind, sizes and material (64 hex digits), checked on load
 * }
 * }</pre>
 * A shuffle key has {@code "permutation" : [ ... L integers ... ]} instead of mask and AES key. Fields that do not
 * belong to the kind, unknown fields, and a checksum that does not match are errors, so that a key of one kind or size
 * is never used as another. The checksum is a digest of the material and lives only here, beside the material: what
 * leaves the file is the random id. Version 1 files (a material digest as the shown fingerprint) are refused.
 *
 * <p>Reading is bounded: a file over {@link #MAX_FILE_BYTES} is refused before it is read, sizes are checked for
 * overflow and against the entries present before anything is allocated, and a file that others can read or write
 * is loaded with a warning. Every error is a {@link KeyFileException} naming the file and the field, and never
 * quoting valid key material.
 */
public final class SecretKeyFile {
    public static final String FORMAT = "mamori-secret-key";
    public static final int VERSION = 2;
    /** The largest key file read (a 3-channel 64 x 64 shuffle key takes about 150 KiB). */
    public static final long MAX_FILE_BYTES = 4L << 20;
    /** The longest key read: L = M * M * C at most this. */
    public static final int MAX_LENGTH = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyFileJson.Envelope ENVELOPE = new KeyFileJson.Envelope(FORMAT, VERSION, MAX_FILE_BYTES,
            Set.of("format", "version", "id", "kind", "block_size", "channels", "length", "permutation", "mask", "aes_key", "checksum"),
            other -> "mamori-encryption-key".equals(other) ? " (a key of an image encryption scheme: load it with Scheme.loadAny)" : "");

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

    /** Reads and validates a key file of any kind and size; warnings (permissions) go to standard error. */
    public static SecretKey read(Path file) throws IOException {
        return read(file, null, 0, 0);
    }

    /**
     * Reads a key file and checks it against the expected kind, block size and channel count (null / 0 for "any");
     * warnings go to standard error.
     */
    public static SecretKey read(Path file, TransformKind expectedKind, int expectedBlockSize, int expectedChannels) throws IOException {
        return read(file, expectedKind, expectedBlockSize, expectedChannels, w -> System.err.println("[mamori] WARNING: " + w));
    }

    /** {@link #read(Path, TransformKind, int, int)} with the warnings (e.g. a file others can read) sent to {@code warnings}. */
    public static SecretKey read(Path file, TransformKind expectedKind, int expectedBlockSize, int expectedChannels, Consumer<String> warnings)
            throws IOException {
        KeyFileJson.Contents contents = KeyFileJson.read(file, ENVELOPE, warnings);
        JsonNode root = contents.root();
        String id = contents.id();

        TransformKind kind;
        try {
            kind = TransformKind.fromFileName(KeyFileJson.text(file, root, "kind"));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "kind", e.getMessage());
        }
        if (expectedKind != null && kind != expectedKind) {
            throw new KeyFileException(file, "kind", "is '" + kind.fileName() + "'; expected '" + expectedKind.fileName() + "'");
        }
        int blockSize = KeyFileJson.positiveInt(file, root, "block_size", "block_size");
        if (expectedBlockSize > 0 && blockSize != expectedBlockSize) {
            throw new KeyFileException(file, "block_size", "is " + blockSize + "; expected " + expectedBlockSize);
        }
        int channels = KeyFileJson.positiveInt(file, root, "channels", "channels");
        if (expectedChannels > 0 && channels != expectedChannels) {
            throw new KeyFileException(file, "channels", "is " + channels + "; expected " + expectedChannels);
        }
        int length = KeyFileJson.positiveInt(file, root, "length", "length");
        // M * M always fits a long; once it is at most MAX_LENGTH, times C fits too (the first test guards the second)
        long area = (long) blockSize * blockSize;
        if (area > MAX_LENGTH || area * channels > MAX_LENGTH) {
            throw new KeyFileException(file, "block_size", "block_size " + blockSize + " and channels " + channels + " give a block of more than "
                    + MAX_LENGTH + " values");
        }
        if (length != area * channels) {
            throw new KeyFileException(file, "length", "is " + length + "; expected block_size * block_size * channels = " + area * channels);
        }

        requirePresence(file, root, "permutation", kind == TransformKind.SHUFFLE, kind);
        requirePresence(file, root, "mask", kind != TransformKind.SHUFFLE, kind);
        requirePresence(file, root, "aes_key", kind == TransformKind.FFX, kind);
        SecretKey key = switch (kind) {
            case SHUFFLE -> SecretKey.shuffle(blockSize, channels, permutation(file, root, length));
            case NEGATIVE_POSITIVE -> SecretKey.negativePositive(blockSize, channels, mask(file, root, length));
            case FFX -> SecretKey.ffx(blockSize, channels, mask(file, root, length), aesKey(file, root));
        };
        key = key.withId(id);
        String checksum = KeyFileJson.text(file, root, "checksum");
        if (!java.security.MessageDigest.isEqual(checksum.getBytes(StandardCharsets.US_ASCII), key.checksum().getBytes(StandardCharsets.US_ASCII))) {
            throw new KeyFileException(file, "checksum", "does not match the id and key material (the file was edited or damaged)");
        }
        return key;
    }

    // ------------------------------------------------------------------ encoding

    private static ObjectNode toJson(SecretKey key) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("id", key.id());
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
        o.put("checksum", key.checksum());
        return o;
    }

    // ------------------------------------------------------------------ decoding

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
        String s = KeyFileJson.text(file, root, "mask");
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
        String s = KeyFileJson.text(file, root, "aes_key");
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
