package dev.mamori.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.methods.common.run.RunDirectory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs carried to another machine as their config.json and journal.jsonl alone (what the repository keeps between
 * sessions): making such a directory, and what its report must keep.
 */
final class CarriedRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CarriedRuns() {}

    /**
     * A fresh directory holding only the run's config and journal, the journal without its last {@code unfinished}
     * stages; when some are left out, the first of them is appended again cut in half (a kill mid-write).
     */
    static Path carry(Path run, Path to, int unfinished) throws Exception {
        Files.createDirectories(to);
        Files.copy(run.resolve(RunDirectory.CONFIG), to.resolve(RunDirectory.CONFIG));
        List<String> lines = Files.readAllLines(run.resolve(RunDirectory.JOURNAL), StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>(lines.subList(0, lines.size() - unfinished));
        String journal = String.join("\n", kept) + "\n";
        if (unfinished > 0) {
            String cut = lines.get(lines.size() - unfinished);
            journal += cut.substring(0, cut.length() / 2);
        }
        Files.writeString(to.resolve(RunDirectory.JOURNAL), journal, StandardCharsets.UTF_8);
        return to;
    }

    /** The metrics and tables of a results.json, as written (wall-clock seconds and key ids included). */
    static String reportNumbers(Path resultsJson) throws Exception {
        JsonNode root = JSON.readTree(resultsJson.toFile());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(List.of(root.path("metrics"), root.path("tables")));
    }

    /** The names of the files under {@code dir} (relative, sorted). */
    static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
