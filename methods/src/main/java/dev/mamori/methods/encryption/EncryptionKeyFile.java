package dev.mamori.methods.encryption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.methods.crypto.KeyFileException;
import dev.mamori.methods.crypto.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The key file of every encryption scheme: one JSON object, written readable and writable by its owner only, e.g.
 * <pre>{@code
 * {
 *   "format" : "mamori-encryption-key",
 *   "version" : 1,
 *   "scheme" : "etc",
 *   "geometry" : { "channels" : 3, "height" : 32, "width" : 32, "block_size" : 4 },
 *   "material" : {
 *     "block_permutation" : { "ints" : [ ... ] },       // integer arrays
 *     "negative_positive" : { "bits" : "0110..." },     // bit arrays as '0'/'1' strings
 *     "aes_key" : { "hex" : "00112233..." },            // bytes
 *     "image_encoder.0.weight" : { "float32" : "base64 of little-endian float32", "length" : 768 },
 *     "combine" : { "text" : "sum" }
 *   },
 *   "fingerprint" : "1a2b3c4d5e6f"
 * }
 * }</pre>
 * Reading checks everything before a key is built: the format and version, unknown fields, the geometry (against
 * what the caller will encrypt: a key for another image size or block size is refused), each part's encoding, the
 * scheme's own validation of the material, and the fingerprint. Every error is a {@link KeyFileException} naming the
 * file and the field, and never quoting key material. Files over {@link #MAX_BYTES} are refused unread.
 */
public final class EncryptionKeyFile {
    public static final String FORMAT = "mamori-encryption-key";
    public static final int VERSION = 1;
    /** Larger key files are refused before reading (NeuraCrypt's weights at the published size are about 110 MB). */
    public static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("format", "version", "scheme", "geometry", "material", "fingerprint");
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
        if (!Files.isRegularFile(file)) throw new KeyFileException(file, null, "does not exist or is not a regular file");
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new KeyFileException(file, null, "is " + size + " bytes; key files over " + MAX_BYTES + " bytes are refused");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the text around the error, which is key material: report the position only.
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new KeyFileException(file, null, "is not valid JSON" + where);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new KeyFileException(file, null, "is not UTF-8 text");
        }
        if (root == null || !root.isObject()) throw new KeyFileException(file, null, "expected a JSON object");
        String format = text(file, root, "format");
        if (!FORMAT.equals(format)) {
            throw new KeyFileException(file, "format", "is '" + format + "'; expected '" + FORMAT + "'"
                    + ("mamori-secret-key".equals(format) ? " (a block-wise key of the key-based defense: load it with SecretKey.load)" : ""));
        }
        onlyKnown(file, root, FIELDS, "");
        int version = positiveInt(file, root, "version", "version");
        if (version != VERSION) throw new KeyFileException(file, "version", "is " + version + "; this reader knows version " + VERSION);
        String scheme = text(file, root, "scheme");
        if (expectedScheme != null && !expectedScheme.equals(scheme)) {
            throw new KeyFileException(file, "scheme", "is '" + scheme + "'; expected '" + expectedScheme + "'");
        }
        JsonNode g = root.get("geometry");
        if (g == null || !g.isObject()) throw new KeyFileException(file, "geometry", "expected an object with " + GEOMETRY_FIELDS);
        onlyKnown(file, g, GEOMETRY_FIELDS, "geometry.");
        KeyGeometry geometry;
        try {
            geometry = new KeyGeometry(positiveInt(file, g, "channels", "geometry.channels"), positiveInt(file, g, "height", "geometry.height"),
                    positiveInt(file, g, "width", "geometry.width"), positiveInt(file, g, "block_size", "geometry.block_size"));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "geometry", e.getMessage());
        }
        KeyGeometry.requireMatches(geometry, channels, height, width, blockSize, file);
        KeyMaterial material = material(file, root.get("material"));
        EncryptionKey key;
        try {
            key = builder.build(scheme, geometry, material);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "material", e.getMessage());
        }
        String fingerprint = text(file, root, "fingerprint");
        if (!fingerprint.equals(key.fingerprint())) {
            throw new KeyFileException(file, "fingerprint", "is '" + fingerprint + "' but the key material has fingerprint '"
                    + key.fingerprint() + "' (the file was edited or damaged)");
        }
        return key;
    }

    // ------------------------------------------------------------------ encoding

    private static ObjectNode toJson(EncryptionKey key) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
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
        o.put("fingerprint", key.fingerprint());
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

    private static void onlyKnown(Path file, JsonNode node, Set<String> known, String prefix) throws KeyFileException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) throw new KeyFileException(file, prefix + name, "unknown field; expected only " + known);
        }
    }

    private static String text(Path file, JsonNode root, String field) throws KeyFileException {
        JsonNode n = root.get(field);
        if (n == null) throw new KeyFileException(file, field, "is missing");
        if (!n.isTextual()) throw new KeyFileException(file, field, "expected a string, got " + n.getNodeType());
        return n.asText();
    }

    private static int positiveInt(Path file, JsonNode node, String name, String field) throws KeyFileException {
        JsonNode n = node.get(name);
        if (n == null) throw new KeyFileException(file, field, "is missing");
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw new KeyFileException(file, field, "expected a positive integer, got " + n);
        }
        return n.asInt();
    }
}
