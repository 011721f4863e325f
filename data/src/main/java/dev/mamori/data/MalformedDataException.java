package dev.mamori.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file does not have the expected format: truncated, corrupt or inconsistent. The message names the file and
 * where in it the problem is (byte offset, record or line), what was expected and what was found.
 */
public class MalformedDataException extends IOException {
    private final Path file;
    private final long byteOffset;

    public MalformedDataException(Path file, long byteOffset, String problem) {
        this(file, byteOffset, problem, null);
    }

    public MalformedDataException(Path file, long byteOffset, String problem, Throwable cause) {
        super(file + (byteOffset >= 0 ? " at byte offset " + byteOffset : "") + ": " + problem, cause);
        this.file = file;
        this.byteOffset = byteOffset;
    }

    /** A problem on a line of a text file (line numbers start at 1). */
    public static MalformedDataException atLine(Path file, long line, String problem) {
        return new MalformedDataException(file, -1, "line " + line + ": " + problem);
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** Where in the (decompressed) content the problem was found, or -1 when the problem is not at one place. */
    public long byteOffset() {
        return byteOffset;
    }
}
