package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.CelebA;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** CelebA aligned faces with the 40 attributes and the official partition. */
final class CelebAEntry extends KnownDataset {

    CelebAEntry() {
        super("celeba", "CelebA aligned faces (202599 images, 40 binary attributes, train/valid/test partition)");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path dir : catalog.candidates("celeba", "celeba/celeba")) {
            if (Files.isDirectory(dir.resolve("img_align_celeba")) && Files.isRegularFile(dir.resolve("list_attr_celeba.txt"))
                    && Files.isRegularFile(dir.resolve("list_eval_partition.txt"))) {
                return Optional.of(new DatasetLocation(dir, "image directory and attribute lists"));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return List.of("train", "valid", "test", "all");
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        return CelebA.load(location.path(), CelebA.Split.valueOf(split.toUpperCase(Locale.ROOT)));
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.MANUAL;
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        Path dir = catalog.primaryRoot().resolve("celeba");
        return "Download img_align_celeba.zip, list_attr_celeba.txt and list_eval_partition.txt from the CelebA page "
                + "(https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html, 'Align&Cropped Images' and 'Anno'/'Eval') and place "
                + "them as " + dir.resolve("img_align_celeba") + "/000001.jpg ..., " + dir.resolve("list_attr_celeba.txt")
                + " and " + dir.resolve("list_eval_partition.txt");
    }
}
