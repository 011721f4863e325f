package dev.mamori.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Default output directories: runs/<what>-<yyyyMMdd-HHmmss>. */
final class RunDirs {
    private RunDirs() {}

    static Path fresh(String what) {
        return Path.of("runs", what + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
