package dev.mamori.data.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Runs an external command (apt-get, npm), echoing its output; replaceable in tests. */
@FunctionalInterface
public interface CommandRunner {

    /** Runs the command to completion and returns its exit status. */
    int run(List<String> command, PrintStream output) throws IOException, InterruptedException;

    /** The real thing: a child process with stderr merged into stdout, copied line by line to {@code output}. */
    static CommandRunner system() {
        return (command, output) -> {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            try (var lines = p.inputReader().lines()) {
                // apt redraws "(Reading database ... N%" with carriage returns: keep only real lines
                lines.filter(line -> !line.isBlank() && !line.matches("\\(Reading database \\.\\.\\. *\\d+%"))
                        .forEach(line -> output.println("    " + line));
            }
            return p.waitFor();
        };
    }
}
