package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.CocoDetection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** COCO 2017 detection: &lt;root&gt;/coco/{train2017,val2017}/ and annotations/instances_{split}.json. */
final class CocoEntry extends KnownDataset {
    private static final List<String> SPLITS = List.of("train2017", "val2017");

    CocoEntry() {
        super("coco", "COCO 2017 object detection (boxes of 80 categories; train2017 118k / val2017 5k images)");
    }

    private static Path annotations(Path dir, String split) {
        return dir.resolve("annotations").resolve("instances_" + split + ".json");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path dir : catalog.candidates("coco")) {
            DatasetLocation loc = new DatasetLocation(dir, "images and instances_*.json");
            if (!splits(loc).isEmpty()) return Optional.of(loc);
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        List<String> out = new ArrayList<>();
        for (String s : SPLITS) {
            if (Files.isDirectory(location.path().resolve(s)) && Files.isRegularFile(annotations(location.path(), s))) out.add(s);
        }
        return out;
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        checkSplit(location, split);
        return CocoDetection.open(location.path().resolve(split), annotations(location.path(), split));
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.MANUAL;
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        Path dir = catalog.primaryRoot().resolve("coco");
        return "Download http://images.cocodataset.org/zips/val2017.zip (and/or train2017.zip) and "
                + "http://images.cocodataset.org/annotations/annotations_trainval2017.zip, then unzip them into " + dir
                + " so that " + dir.resolve("val2017") + "/000000000139.jpg and " + annotations(dir, "val2017") + " exist";
    }
}
