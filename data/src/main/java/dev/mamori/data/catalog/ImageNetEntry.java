package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** ImageNet (or any dataset in its layout): &lt;root&gt;/imagenet/{train,val}/&lt;class&gt;/&lt;image&gt;. */
final class ImageNetEntry extends KnownDataset {
    private static final Set<String> EXTENSIONS = Set.of("jpeg", "jpg", "png");

    ImageNetEntry() {
        super("imagenet", "ImageNet in class-folder layout (train/ and val/, one subdirectory per class)");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path dir : catalog.candidates("imagenet", "ImageNet")) {
            if (Files.isDirectory(dir.resolve("train")) || Files.isDirectory(dir.resolve("val"))) {
                return Optional.of(new DatasetLocation(dir, "class folders"));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        List<String> out = new ArrayList<>();
        for (String s : List.of("train", "val")) if (Files.isDirectory(location.path().resolve(s))) out.add(s);
        return out;
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        return ImageFolder.open(location.path().resolve(split), EXTENSIONS, 3);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.MANUAL;
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        Path dir = catalog.primaryRoot().resolve("imagenet");
        return "Obtain ILSVRC2012 from https://image-net.org (registration needed) and arrange it as " + dir.resolve("train")
                + "/<wnid>/<image>.JPEG and " + dir.resolve("val") + "/<wnid>/<image>.JPEG (the validation images must be "
                + "moved into class folders, e.g. with the valprep.sh script); classes are the folder names, sorted";
    }
}
