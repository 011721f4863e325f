package dev.mamori.methods.crypto;

import java.io.IOException;
import java.nio.file.Path;

/** A key file that cannot be used: the message names the file, the field and what was expected. */
public class KeyFileException extends IOException {
    private final transient Path file;
    private final String field;

    public KeyFileException(Path file, String field, String problem) {
        super("key file " + file + ": " + (field == null ? "" : "field '" + field + "': ") + problem);
        this.file = file;
        this.field = field;
    }

    public KeyFileException(Path file, String field, String problem, Throwable cause) {
        this(file, field, problem);
        initCause(cause);
    }

    public Path file() {
        return file;
    }

    /** The offending field, or null when the problem is the file as a whole. */
    public String field() {
        return field;
    }
}
