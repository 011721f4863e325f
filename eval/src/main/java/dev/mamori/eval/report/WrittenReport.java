package dev.mamori.eval.report;

import java.nio.file.Path;
import java.util.List;

/** Where {@link ExperimentReport#writeTo} put things. */
public record WrittenReport(Path directory, Path resultsJson, Path markdown, Path html, List<Path> figures) {
    public WrittenReport {
        figures = List.copyOf(figures);
    }
}
