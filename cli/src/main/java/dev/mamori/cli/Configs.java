package dev.mamori.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Experiment configs in YAML (or JSON): unknown fields are errors that name the field and the file. */
final class Configs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Configs() {}

    static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown config field '" + e.getPropertyName() + "'; known fields: "
                    + e.getKnownPropertyIds());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage().split("\n")[0]
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
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
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown config field '" + e.getPropertyName() + "' (at " + e.getPathReference()
                    + "); known fields: " + e.getKnownPropertyIds());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage().split("\n")[0]
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    static String toYaml(Object o) {
        try {
            return YAML.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
