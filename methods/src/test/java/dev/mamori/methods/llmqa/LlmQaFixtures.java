package dev.mamori.methods.llmqa;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.llmqa.systems.AfinnLexicon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Shared test data of the llmqa tests: read through the data catalog (installed by .ci/install-data). */
public final class LlmQaFixtures {
    private static AfinnLexicon afinn;

    private LlmQaFixtures() {}

    public static DataCatalog catalog() {
        return DataCatalog.fromEnvironment();
    }

    public static Path npmPrefix(String dataset) {
        return catalog().locate(dataset).orElseThrow(() -> new IllegalStateException(dataset + " is not installed: run .ci/install-data")).path();
    }

    public static synchronized AfinnLexicon afinn() {
        if (afinn == null) {
            try {
                afinn = AfinnLexicon.fromNpm(npmPrefix("sentiment"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return afinn;
    }
}
