package dev.mamori.methods.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The envelope every Mamori key file shares (the key-based defense's {@link SecretKeyFile}, the image encryption
 * schemes' key file): one JSON object with {@code format}, {@code version} and a random {@code id}, read under the
 * same rules whatever the key inside, so that the rules cannot drift apart between kinds of key:
 * <ul>
 *   <li>a file that is not a regular file, or is larger than the caller's cap, is refused before it is read;</li>
 *   <li>a file that others than its owner can read or write is read with a warning (key files are written owner-only,
 *       {@link OwnerOnlyFiles});</li>
 *   <li>text that is not UTF-8 or not JSON is refused with the position only: Jackson's own message can quote the text
 *       around the error, which is key material;</li>
 *   <li>the format, the set of fields and the version are checked (version 1 files showed a digest of the material
 *       that lets anyone who saw it test key guesses offline, and are refused), and the id must be a key id.</li>
 * </ul>
 * Every error is a {@link KeyFileException} naming the file and, where there is one, the field.
 */
public final class KeyFileJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyFileJson() {}

    /**
     * What a kind of key file looks like at its top level.
     *
     * @param format     the {@code format} string
     * @param version    the one version this reader knows
     * @param maxBytes   larger files are refused unread
     * @param fields     the top-level fields allowed
     * @param formatHint what to add when the format is another one (e.g. which reader to use); may return ""
     */
    public record Envelope(String format, int version, long maxBytes, Set<String> fields, Function<String, String> formatHint) {
        public Envelope {
            if (format == null || format.isEmpty()) throw new IllegalArgumentException("format must be named");
            if (version < 2) throw new IllegalArgumentException("version must be 2 or more (version 1 files are refused), got " + version);
            if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
            if (fields == null || !fields.containsAll(Set.of("format", "version", "id"))) {
                throw new IllegalArgumentException("fields must include format, version and id, got " + fields);
            }
            if (formatHint == null) formatHint = other -> "";
        }

        public Envelope(String format, int version, long maxBytes, Set<String> fields) {
            this(format, version, maxBytes, fields, other -> "");
        }
    }

    /** A key file whose envelope passed: its root object and its checked key id. */
    public record Contents(JsonNode root, String id) {}

    /** Reads {@code file} and checks its envelope. Warnings (permissions) go to {@code warnings}. */
    public static Contents read(Path file, Envelope envelope, Consumer<String> warnings) throws IOException {
        if (!Files.isRegularFile(file)) throw new KeyFileException(file, null, "does not exist or is not a regular file");
        long bytes = Files.size(file);
        if (bytes > envelope.maxBytes()) {
            throw new KeyFileException(file, null, "is " + bytes + " bytes; a key file is at most " + envelope.maxBytes() + " bytes (refused unread)");
        }
        String exposed = exposure(file);
        if (exposed != null) warnings.accept(exposed);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the text around the error, which is key material: report the position only.
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new KeyFileException(file, null, "is not valid JSON" + where);
        } catch (MalformedInputException e) {
            throw new KeyFileException(file, null, "is not UTF-8 text");
        }
        if (root == null || !root.isObject()) throw new KeyFileException(file, null, "expected a JSON object");
        String format = text(file, root, "format");
        if (!envelope.format().equals(format)) {
            throw new KeyFileException(file, "format", "is '" + format + "'; expected '" + envelope.format() + "'" + envelope.formatHint().apply(format));
        }
        onlyKnown(file, root, envelope.fields(), "");
        int version = positiveInt(file, root, "version", "version");
        if (version == 1) {
            throw new KeyFileException(file, "version", "is 1: such files show a digest of the key material, which lets anyone who saw it"
                    + " test key guesses offline; they are no longer read (make a new key)");
        }
        if (version != envelope.version()) {
            throw new KeyFileException(file, "version", "is " + version + "; this reader knows version " + envelope.version());
        }
        return new Contents(root, id(file, root));
    }

    /** The root's {@code id}, checked to be a key id. */
    private static String id(Path file, JsonNode root) throws KeyFileException {
        String id = text(file, root, "id");
        try {
            KeySource.checkKeyId(id);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "id", "is not a key id: " + e.getMessage());
        }
        return id;
    }

    /** A string field of {@code node}; the error names {@code field}. */
    public static String text(Path file, JsonNode node, String field) throws KeyFileException {
        JsonNode n = node.get(field);
        if (n == null) throw new KeyFileException(file, field, "is missing");
        if (!n.isTextual()) throw new KeyFileException(file, field, "expected a string, got " + n.getNodeType());
        return n.asText();
    }

    /**
     * A positive int field {@code name} of {@code node}; errors name {@code field} (its path from the root, e.g.
     * "geometry.height"). Only sizes and versions are read this way, so quoting the value given exposes no key.
     */
    public static int positiveInt(Path file, JsonNode node, String name, String field) throws KeyFileException {
        JsonNode n = node.get(name);
        if (n == null) throw new KeyFileException(file, field, "is missing");
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw new KeyFileException(file, field, "expected a positive integer, got " + n);
        }
        return n.asInt();
    }

    /** Refuses a field of {@code node} not in {@code known}; {@code prefix} is the node's path ("" at the root). */
    public static void onlyKnown(Path file, JsonNode node, Set<String> known, String prefix) throws KeyFileException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) throw new KeyFileException(file, prefix + name, "unknown field; expected only " + known);
        }
    }

    /** A warning when others than the owner may read or write the file (null when not, or where POSIX permissions do not exist). */
    private static String exposure(Path file) throws IOException {
        if (OwnerOnlyFiles.isOwnerOnly(file)) return null;
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        return "key file " + file + " can be read or written by others than its owner (" + perms + "); restrict it with chmod 600 " + file;
    }
}
