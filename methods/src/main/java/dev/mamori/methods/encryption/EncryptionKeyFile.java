package dev.mamori.methods.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.methods.crypto.KeyFileException;
import dev.mamori.methods.crypto.KeyFileJson;
import dev.mamori.methods.crypto.KeyFingerprint;
import dev.mamori.methods.crypto.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The key file of every encryption scheme: one JSON object, written readable and writable by its owner only, e.g.
 * <pre>{@code
 * {
 *   "format" : "mamori-encryption-key",
 *   "version" : 2,
 *   "id" : "0123456789abcdef",                           // EncryptionKey.id(): random, what logs and reports show
 *   "scheme" : "etc",
 *   "geometry" : { "channels" : 3, "height" : 32, "width" : 32, "block_size" : 4 },
 *   "material" : {
 *     "block_permutation" : { "ints" : [ ... ] },       // integer arrays
 *     "negative_positive" : { "bits" : "0110..." },     // bit arrays as '0'/'1' strings
 *     "aes_key" : { "hex" : "00112233..." },            // bytes
 *     "image_encoder.0.weight" : { "float32" : "base64 of little-endian float32", "length" : 768 },
 *     "combine" : { "text" : "sum" }
 *   },
 *   "checksum" : "9f86d0..."                             // SHA-256 of id, scheme, geometry and material
 * }
 * }</pre>
 * Reading checks everything before a key is built: the format and version, unknown fields, the geometry (against
 * what the caller will encrypt: a key for another image size or block size is refused), each part's encoding, the
 * scheme's own validation of the material, and the checksum. Every error is a {@link KeyFileException} naming the
 * file and the field, and never quoting key material. Files over {@link #MAX_BYTES} are refused unread, and a file
 * that others can read or write is read with a warning (the envelope's rules: {@link KeyFileJson}).
 *
 * <p>The checksum is a digest of the material and lives only here, beside the material; what leaves the file is the
 * random id. Version 1 files showed a digest of the material as the key's fingerprint (which lets anyone who saw it
 * test key guesses offline) and are refused.
 */
public final class EncryptionKeyFile {
    public static final String FORMAT = "mamori-encryption-key";
    public static final int VERSION = 2;
    /** Larger key files are refused before reading (NeuraCrypt's weights at the published size are about 110 MB). */
    public static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyFileJson.Envelope ENVELOPE = new KeyFileJson.Envelope(FORMAT, VERSION, MAX_BYTES,
            Set.of("format", "version", "id", "scheme", "geometry", "material", "checksum"),
            other -> "mamori-secret-key".equals(other) ? " (a block-wise key of the key-based defense: load it with SecretKey.load)" : "");
    private static final Set<String> GEOMETRY_FIELDS = Set.of("channels", "height", "width", "block_size");

    /** Builds a scheme's key from what a file holds; throws IllegalArgumentException when the material is not valid. */
    @FunctionalInterface
    public interface KeyBuilder {
        EncryptionKey build(String scheme, KeyGeometry geometry, KeyMaterial material);
    }

    private EncryptionKeyFile() {}

    /** Writes {@code key} to a new owner-only file (an existing file is never overwritten). */
    public static void write(Path file, EncryptionKey key) throws IOException {
        OwnerOnlyFiles.writeNew(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(key)));
    }

    /**
     * Reads a key file: {@code expectedScheme} (null for any) and the positive fields of {@code expected} (null for
     * any geometry) must match; {@code builder} makes the key from the validated parts.
     */
    public static EncryptionKey read(Path file, String expectedScheme, KeyGeometry expected, KeyBuilder builder) throws IOException {
        return read(file, expectedScheme, expected == null ? 0 : expected.channels(), expected == null ? 0 : expected.height(),
                expected == null ? 0 : expected.width(), expected == null ? 0 : expected.blockSize(), builder);
    }

    /** As {@link #read(Path, String, KeyGeometry, KeyBuilder)} with each expected geometry field 0 for "any". */
    public static EncryptionKey read(Path file, String expectedScheme, int channels, int height, int width, int blockSize, KeyBuilder builder)
            throws IOException {
        return read(file, expectedScheme, channels, height, width, blockSize, builder, w -> System.err.println("[mamori] WARNING: " + w));
    }

    /** As {@link #read(Path, String, int, int, int, int, KeyBuilder)} with warnings (a file others can read) sent to {@code warnings}. */
    public static EncryptionKey read(Path file, String expectedScheme, int channels, int height, int width, int blockSize, KeyBuilder builder,
            Consumer<String> warnings) throws IOException {
        KeyFileJson.Contents contents = KeyFileJson.read(file, ENVELOPE, warnings);
        JsonNode root = contents.root();
        String id = contents.id();
        String scheme = KeyFileJson.text(file, root, "scheme");
        if (expectedScheme != null && !expectedScheme.equals(scheme)) {
            throw new KeyFileException(file, "scheme", "is '" + scheme + "'; expected '" + expectedScheme + "'");
        }
        JsonNode g = root.get("geometry");
        if (g == null || !g.isObject()) throw new KeyFileException(file, "geometry", "expected an object with " + GEOMETRY_FIELDS);
        KeyFileJson.onlyKnown(file, g, GEOMETRY_FIELDS, "geometry.");
        KeyGeometry geometry;
        try {
            geometry = new KeyGeometry(KeyFileJson.positiveInt(file, g, "channels", "geometry.channels"), KeyFileJson.positiveInt(file, g, "height", "geometry.height"),
                    KeyFileJson.positiveInt(file, g, "width", "geometry.width"), KeyFileJson.positiveInt(file, g, "block_size", "geometry.block_size"));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "geometry", e.getMessage());
        }
        KeyGeometry.requireMatches(geometry, channels, height, width, blockSize, file);
        KeyMaterial material = material(file, root.get("material"));
        EncryptionKey key;
        try {
            key = builder.build(scheme, geometry, material).withId(id);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "material", e.getMessage());
        }
        String checksum = KeyFileJson.text(file, root, "checksum");
        if (!MessageDigest.isEqual(checksum.getBytes(StandardCharsets.US_ASCII), checksum(key).getBytes(StandardCharsets.US_ASCII))) {
            throw new KeyFileException(file, "checksum", "does not match the id and key material (the file was edited or damaged)");
        }
        return key;
    }

    /**
     * SHA-256 (64 hex digits) over the tag "mamori-encryption-key/v2", the id, the scheme, the geometry and the material
     * ({@link KeyMaterial#addTo}): the integrity check of a key file, stored only in the key file itself.
     */
    static String checksum(EncryptionKey key) {
        KeyGeometry g = key.geometry();
        KeyFingerprint digest = new KeyFingerprint("mamori-encryption-key/v2").add(key.id()).add(key.scheme())
                .add(g.channels(), g.height(), g.width(), g.blockSize());
        return key.material().addTo(digest).hex();
    }

    // ------------------------------------------------------------------ encoding

    private static ObjectNode toJson(EncryptionKey key) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("id", key.id());
        o.put("scheme", key.scheme());
        ObjectNode g = o.putObject("geometry");
        g.put("channels", key.geometry().channels());
        g.put("height", key.geometry().height());
        g.put("width", key.geometry().width());
        g.put("block_size", key.geometry().blockSize());
        ObjectNode m = o.putObject("material");
        for (Map.Entry<String, KeyMaterial.Part> e : key.material().parts().entrySet()) {
            ObjectNode part = m.putObject(e.getKey());
            KeyMaterial.Part p = e.getValue();
            if (p instanceof KeyMaterial.Ints ints) {
                ArrayNode a = part.putArray("ints");
                for (int v : ints.values()) a.add(v);
            } else if (p instanceof KeyMaterial.Bits bits) {
                StringBuilder s = new StringBuilder(bits.values().length);
                for (boolean b : bits.values()) s.append(b ? '1' : '0');
                part.put("bits", s.toString());
            } else if (p instanceof KeyMaterial.Bytes bytes) {
                part.put("hex", HexFormat.of().formatHex(bytes.values()));
            } else if (p instanceof KeyMaterial.Floats floats) {
                ByteBuffer b = ByteBuffer.allocate(4 * floats.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(floats.values());
                part.put("float32", Base64.getEncoder().encodeToString(b.array()));
                part.put("length", floats.values().length);
            } else if (p instanceof KeyMaterial.Text text) {
                part.put("text", text.value());
            }
        }
        o.put("checksum", checksum(key));
        return o;
    }

    // ------------------------------------------------------------------ decoding

    private static KeyMaterial material(Path file, JsonNode node) throws KeyFileException {
        if (node == null || !node.isObject()) throw new KeyFileException(file, "material", "expected an object of named parts");
        KeyMaterial m = new KeyMaterial();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "material." + e.getKey();
            JsonNode part = e.getValue();
            if (!part.isObject() || part.size() == 0) throw new KeyFileException(file, field, "expected an object such as {\"ints\": [...]}");
            try {
                if (part.has("ints") && part.size() == 1) m.put(e.getKey(), new KeyMaterial.Ints(ints(file, field, part.get("ints"))));
                else if (part.has("bits") && part.size() == 1) m.put(e.getKey(), new KeyMaterial.Bits(bits(file, field, part.get("bits"))));
                else if (part.has("hex") && part.size() == 1) m.put(e.getKey(), new KeyMaterial.Bytes(hex(file, field, part.get("hex"))));
                else if (part.has("float32") && part.has("length") && part.size() == 2) {
                    m.put(e.getKey(), new KeyMaterial.Floats(floats(file, field, part.get("float32"), part.get("length"))));
                } else if (part.has("text") && part.size() == 1 && part.get("text").isTextual()) {
                    m.put(e.getKey(), new KeyMaterial.Text(part.get("text").asText()));
                } else {
                    throw new KeyFileException(file, field, "expected exactly one of ints, bits, hex, text, or float32 with length");
                }
            } catch (IllegalArgumentException ex) {
                throw new KeyFileException(file, field, ex.getMessage());
            }
        }
        return m;
    }

    private static int[] ints(Path file, String field, JsonNode n) throws KeyFileException {
        if (!n.isArray()) throw new KeyFileException(file, field, "expected an array of integers");
        int[] v = new int[n.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = n.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToInt()) throw new KeyFileException(file, field, "entry at position " + i + " is not an integer");
            v[i] = x.asInt();
        }
        return v;
    }

    private static boolean[] bits(Path file, String field, JsonNode n) throws KeyFileException {
        if (!n.isTextual()) throw new KeyFileException(file, field, "expected a string of '0' and '1'");
        String s = n.asText();
        boolean[] v = new boolean[s.length()];
        for (int i = 0; i < v.length; i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '1') throw new KeyFileException(file, field, "character at position " + i + " is not '0' or '1'");
            v[i] = c == '1';
        }
        return v;
    }

    private static byte[] hex(Path file, String field, JsonNode n) throws KeyFileException {
        if (!n.isTextual()) throw new KeyFileException(file, field, "expected a hexadecimal string");
        try {
            return HexFormat.of().parseHex(n.asText());
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, field, "is not hexadecimal");
        }
    }

    private static float[] floats(Path file, String field, JsonNode data, JsonNode length) throws KeyFileException {
        if (!data.isTextual()) throw new KeyFileException(file, field, "float32 must be a Base64 string");
        if (!length.isIntegralNumber() || !length.canConvertToInt() || length.asInt() < 0) {
            throw new KeyFileException(file, field, "length must be a non-negative integer");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, field, "float32 is not valid Base64");
        }
        if (raw.length != 4L * length.asInt()) {
            throw new KeyFileException(file, field, "float32 holds " + raw.length + " bytes; length " + length.asInt() + " needs " + 4L * length.asInt());
        }
        float[] v = new float[length.asInt()];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new KeyFileException(file, field, "entry at position " + i + " is not a finite number");
        }
        return v;
    }
}
