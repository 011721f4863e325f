package dev.mamori.data.emoji;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Strict reading of the npm packages' JSON metadata (emoji.json, openmoji.json, package.json): a size limit before
 * parsing, and every missing or mistyped field reported with the file, the record and the field.
 */
final class JsonRecords {
    /** Metadata files larger than this are refused before parsing (emoji.json is about 1 MB). */
    static final long MAX_BYTES = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {}

    /** The parsed file; a missing file is a NoSuchFileException with {@code hint}, bad JSON a MalformedDataException. */
    static JsonNode read(Path file, String hint) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, hint);
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new MalformedDataException(file, -1, size + " bytes is more than the limit of " + MAX_BYTES);
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JSON.readTree(in);
            if (root == null) throw new MalformedDataException(file, 0, "the file is empty");
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new MalformedDataException(file, loc == null ? -1 : loc.getByteOffset(),
                    "invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** The "version" of a package.json. */
    static String packageVersion(Path packageDir) throws IOException {
        Path file = packageDir.resolve("package.json");
        JsonNode root = read(file, "the npm package's package.json is missing");
        return text(root, "version", file, "package.json", Pattern.compile("[0-9A-Za-z.+-]{1,64}"));
    }

    static String text(JsonNode node, String field, Path file, String where) throws MalformedDataException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedDataException(file, -1, where + ": field '" + field + "' is missing or not a string (found " + v + ")");
        }
        return v.asText();
    }

    static String text(JsonNode node, String field, Path file, String where, Pattern pattern) throws MalformedDataException {
        String s = text(node, field, file, where);
        if (!pattern.matcher(s).matches()) {
            throw new MalformedDataException(file, -1, where + ": field '" + field + "' is '" + s + "', expected " + pattern.pattern());
        }
        return s;
    }

    static int integer(JsonNode node, String field, Path file, String where) throws MalformedDataException {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new MalformedDataException(file, -1, where + ": field '" + field + "' is missing or not an integer (found " + v + ")");
        }
        return v.asInt();
    }

    static boolean flag(JsonNode node, String field, Path file, String where) throws MalformedDataException {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new MalformedDataException(file, -1, where + ": field '" + field + "' is missing or not true/false (found " + v + ")");
        }
        return v.asBoolean();
    }
}
