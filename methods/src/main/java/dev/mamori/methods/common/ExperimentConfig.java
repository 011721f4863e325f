package dev.mamori.methods.common;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The base of every method's experiment config: a mutable bean that a YAML/JSON file updates field by field over a
 * {@link Preset} (a file names only what it changes; unknown fields are errors), then {@link #validate()} checks as
 * a whole. What all experiments share lives here: the run's seed, from which every key, model and attack derives its
 * own ({@link ExperimentSeeds}), the validation error form, and the default run directory. Subclasses add
 * {@code @JsonProperty} fields with a doc comment each and a static {@code of(Preset)}.
 */
public abstract class ExperimentConfig {
    /** The run's seed; the whole run is reproducible from the config and it. */
    @JsonProperty public long seed = 0;

    /** The settings an experiment offers without a config file. */
    public enum Preset {
        /** The run whose numbers a report is meant to show. */
        DEFAULT,
        /** A few-minute run on subsets, for a first look and for tests (the CLI's {@code --quick}). */
        QUICK
    }

    /** Checks every field; an error names the field and what was expected ({@link #invalid}). Returns this. */
    public abstract ExperimentConfig validate();

    /** The error for a bad field: {@code config field 'name': expected ...}. */
    public static IllegalArgumentException invalid(String field, String expected) {
        return new IllegalArgumentException("config field '" + field + "': expected " + expected);
    }

    /** The default run directory of an experiment: {@code runs/<experiment>-<yyyyMMdd-HHmmss>}. */
    public static Path defaultRunDirectory(String experiment) {
        return Path.of("runs", experiment + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
