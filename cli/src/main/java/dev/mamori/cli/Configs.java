package dev.mamori.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mamori.methods.common.config.ConfigException;
import dev.mamori.methods.common.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Experiment configs in YAML (or JSON). Every problem is a usage error that names the file, the field's path and,
 * where the parser knows it, the line: unknown fields, values of the wrong type ({@code epochs: five}), numbers that
 * are not finite ({@code lr: .inf}), null for a number, and a fraction where an integer is expected (which Jackson
 * would otherwise truncate). What the fields accept is then checked by the config's {@code validate()}
 * ({@link dev.mamori.methods.common.config.ConfigChecks}); {@link #attribute} names the file or the option a bad
 * value came from.
 */
final class Configs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private Configs() {}

    static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw usageError(file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A command-line value read as YAML reads a scalar: 128 an integer, 0.5 a number, true a boolean, else text. */
    static Object scalar(String text) {
        try {
            Object v = YAML.readValue(text, Object.class);
            return v == null || v instanceof java.util.Map || v instanceof java.util.List ? text : v;
        } catch (IOException e) {
            return text;
        }
    }

    /**
     * The file's fields over {@code base} (a preset): a file names only what it changes. Unknown fields and bad values
     * are usage errors naming the file and the field.
     */
    static <T> T readOver(Path file, T base) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
        try {
            return YAML.readerForUpdating(base).readValue(file.toFile());
        } catch (JsonProcessingException e) {
            throw usageError(file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Runs {@code validate} and names where a bad value came from: the option that set the field
     * ({@code optionOfField}: field path to option name) or else the config file (null: neither, the defaults).
     */
    static void attribute(Runnable validate, Path file, Map<String, String> optionOfField) {
        try {
            validate.run();
        } catch (ConfigException e) {
            String option = optionOfField.get(e.field());
            if (option == null) {
                for (Map.Entry<String, String> o : optionOfField.entrySet()) {
                    if (e.field().startsWith(o.getKey() + ".") || e.field().startsWith(o.getKey() + "[")) option = o.getValue();
                }
            }
            if (option != null) throw e.from(option);
            if (file != null) throw e.from(file.toString());
            throw e;
        }
    }

    /**
     * Opens a run directory for a new run or to resume one ({@link RunDirectory#open}); a config that differs from the
     * stored one on resuming is an error naming the option that changed it ({@code optionOfField}).
     */
    static RunDirectory openRun(Path dir, Object config, boolean resume, Set<String> mayChange, Map<String, String> optionOfField)
            throws IOException {
        RunDirectory.Mode mode = resume ? RunDirectory.Mode.RESUME : RunDirectory.Mode.NEW;
        try {
            return RunDirectory.open(dir, config, mode, mayChange);
        } catch (ConfigException e) {
            attribute(() -> {
                throw e;
            }, null, optionOfField);
            throw e;
        }
    }

    /** The error of a config file Jackson could not read, naming the file, the field's path and the line. */
    static IllegalArgumentException usageError(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String source = file + (at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ")" : "");
        if (e instanceof UnrecognizedPropertyException u) {
            return new IllegalArgumentException(source + ": unknown config field '" + u.getPropertyName() + "' (at " + path(u.getPath())
                    + "); known fields: " + knownFields(u.getKnownPropertyIds()));
        }
        String refs = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        String parsed = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : "";
        String field = parsed.length() > refs.length() && parsed.startsWith(refs) ? parsed : refs;
        java.util.regex.Matcher malformed = java.util.regex.Pattern.compile("Malformed numeric value '(.*?)'").matcher(String.valueOf(e.getOriginalMessage()));
        if (!field.isEmpty() && malformed.find()) {
            // YAML's .inf and .nan land here: Jackson's YAML parser reads them as malformed numbers
            return new ConfigException(source, field, "a finite number", malformed.group(1));
        }
        if (e instanceof MismatchedInputException m && !field.isEmpty()) {
            String found = m instanceof InvalidFormatException f ? "'" + f.getValue() + "'" : foundText(m);
            return new ConfigException(source, field, typeWord(m.getTargetType()), found);
        }
        if (!field.isEmpty()) return new ConfigException(source, field, "a valid value", firstLine(e.getOriginalMessage()));
        return new IllegalArgumentException(source + ": " + firstLine(e.getOriginalMessage()));
    }

    private static String foundText(MismatchedInputException m) {
        String msg = m.getOriginalMessage();
        if (msg.contains("from String \"")) return "'" + msg.replaceAll("(?s).*from String \"(.*?)\".*", "$1") + "'";
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("null")) return "null";
        if (msg.contains("Floating-point value")) return msg.replaceAll("(?s).*Floating-point value \\((.*?)\\).*", "$1");
        if (msg.contains("from Array")) return "a list";
        if (msg.contains("from Object")) return "a map";
        return firstLine(msg);
    }

    private static String typeWord(Class<?> t) {
        if (t == null) return "a valid value";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class || t == Short.class) return "an integer";
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) return "a number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (t == String.class) return "a text";
        if (Collection.class.isAssignableFrom(t) || t.isArray()) return "a list";
        if (Map.class.isAssignableFrom(t)) return "a map of names to values";
        return "a " + t.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) parts.add(0, c.getCurrentName());
            else if (c.inArray()) parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) sb.append(sb.length() == 0 || p.startsWith("[") ? "" : ".").append(p);
        return sb.toString();
    }

    private static String knownFields(Collection<Object> ids) {
        return ids == null ? "[]" : ids.stream().map(String::valueOf).sorted().toList().toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }

    static String toYaml(Object o) {
        try {
            return YAML.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
