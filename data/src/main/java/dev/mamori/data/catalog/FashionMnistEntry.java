package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.MnistFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fashion-MNIST (IDX files): data roots first, then the Debian package dataset-fashion-mnist. */
final class FashionMnistEntry extends KnownDataset {
    static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    FashionMnistEntry() {
        super("fashion-mnist", "Zalando Fashion-MNIST: 60000 train / 10000 test 28x28 grayscale images, 10 classes");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        List<Path> dirs = new ArrayList<>(catalog.candidates("fashion-mnist", "FashionMNIST"));
        for (Path dir : dirs) {
            if (IdxSplits.complete(dir)) return Optional.of(new DatasetLocation(dir, "IDX files"));
        }
        Path system = catalog.systemDatasets().resolve("fashion-mnist");
        if (IdxSplits.complete(system)) {
            return Optional.of(new DatasetLocation(system, "IDX files of Debian package " + DEBIAN_PACKAGE));
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return List.of("train", "test");
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        return MnistFiles.readSplit(location.path(), split.equals("train"), MnistFiles.FASHION_MNIST_CLASSES);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.APT;
    }

    @Override
    public String packageName() {
        return DEBIAN_PACKAGE;
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return "As root: apt-get install " + DEBIAN_PACKAGE + " (installs into "
                + catalog.systemDatasets().resolve("fashion-mnist") + "). Or put " + IdxSplits.FILES
                + " (gzip-compressed or not; from https://github.com/zalandoresearch/fashion-mnist) into "
                + catalog.primaryRoot().resolve("fashion-mnist") + "/";
    }
}
