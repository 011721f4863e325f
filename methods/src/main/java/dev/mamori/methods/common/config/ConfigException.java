package dev.mamori.methods.common.config;

/**
 * A config field or option with a value it does not accept. The message names where the value came from (a file or
 * an option, once known), the field's path ({@code backbones.vit.lr}), what was expected and what was found:
 * {@code exp.yaml: config field 'lr': expected a positive learning rate, got Infinity}. An
 * {@link IllegalArgumentException}, so that the command line reports it as a usage error (exit code 2).
 */
public final class ConfigException extends IllegalArgumentException {
    private final String source;
    private final String field;
    private final String expected;
    private final String found;

    /**
     * @param source  the file or option the value came from (null when not known yet)
     * @param field   the field's path, dots between nested names and [i] for list elements
     * @param expected what the field accepts, in words
     * @param found   the value found, as text (null when there is nothing to show)
     */
    public ConfigException(String source, String field, String expected, String found) {
        super(message(source, field, expected, found));
        this.source = source;
        this.field = field;
        this.expected = expected;
        this.found = found;
    }

    private static String message(String source, String field, String expected, String found) {
        String where = source != null && source.startsWith("--") ? source : (source == null ? "" : source + ": ") + "config field '" + field + "'";
        return where + ": expected " + expected + (found == null ? "" : ", got " + found);
    }

    /** The same error attributed to a file, or to the option that set the field ({@code --lr}). */
    public ConfigException from(String newSource) {
        return new ConfigException(newSource, field, expected, found);
    }

    public String source() {
        return source;
    }

    public String field() {
        return field;
    }

    public String expected() {
        return expected;
    }

    /** The value found, as text, or null. */
    public String found() {
        return found;
    }
}
