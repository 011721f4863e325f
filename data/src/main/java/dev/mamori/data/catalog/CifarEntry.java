package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.CifarFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** CIFAR-10 (cifar-10-batches-bin) or CIFAR-100 (cifar-100-binary, fine labels), binary versions. */
final class CifarEntry extends KnownDataset {
    private final boolean hundred;

    CifarEntry(boolean hundred) {
        super(hundred ? "cifar100" : "cifar10", hundred
                ? "CIFAR-100 binary: 50000 train / 10000 test 32x32 colour images, 100 fine (20 coarse) classes"
                : "CIFAR-10 binary: 50000 train / 10000 test 32x32 colour images, 10 classes");
        this.hundred = hundred;
    }

    private String folder() {
        return hundred ? "cifar-100-binary" : "cifar-10-batches-bin";
    }

    private List<String> files() {
        return hundred ? List.of("train.bin", "test.bin")
                : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin", "test_batch.bin");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path dir : catalog.candidates(folder(), name() + "/" + folder(), name())) {
            if (files().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
                return Optional.of(new DatasetLocation(dir, "binary batches"));
            }
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
        boolean train = split.equals("train");
        return hundred ? CifarFiles.cifar100(location.path(), train, CifarFiles.Cifar100Label.FINE)
                : CifarFiles.cifar10(location.path(), train);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.MANUAL;
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        String archive = hundred ? "cifar-100-binary.tar.gz" : "cifar-10-binary.tar.gz";
        return "Download https://www.cs.toronto.edu/~kriz/" + archive + " (the binary version, not the python one) on a "
                + "machine with internet access and extract it into " + catalog.primaryRoot() + ": tar xzf " + archive
                + " -C " + catalog.primaryRoot() + ", giving " + catalog.primaryRoot().resolve(folder()) + "/ with "
                + String.join(", ", files()) + (hundred ? " (and fine_label_names.txt, coarse_label_names.txt)"
                : " (and batches.meta.txt)");
    }
}
