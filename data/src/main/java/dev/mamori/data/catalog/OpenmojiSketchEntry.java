package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.emoji.EmojiViewOptions;
import dev.mamori.data.emoji.EmojiViews;
import dev.mamori.data.emoji.OpenmojiMetadata;
import dev.mamori.data.emoji.OpenmojiSketchView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** openmoji-sketch: (black line art, colour) pairs of OpenMoji's SVGs, npm package openmoji. */
final class OpenmojiSketchEntry extends KnownDataset {
    private static final Set<String> OPTIONS = Set.of("size", "test-fraction", "seed");

    OpenmojiSketchEntry() {
        super("openmoji-sketch", "OpenMoji emoji as (black line art, colour) pairs rendered from SVG (RGB 32 or 64 px, "
                + "captions, 11 groups), npm 'openmoji'");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path prefix : catalog.npmPrefixes()) {
            Path dir = OpenmojiMetadata.packageDir(prefix);
            if (Files.isRegularFile(dir.resolve("data/openmoji.json")) && Files.isDirectory(dir.resolve("color/svg"))
                    && Files.isDirectory(dir.resolve("black/svg"))) {
                return Optional.of(new DatasetLocation(prefix, "npm package openmoji"));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return EmojiViews.SPLITS;
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        return open(location, split, Map.of());
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split, Map<String, String> options) throws IOException {
        checkSplit(location, split);
        EmojiViewOptions o = EmojiViewOptions.parse(options, OPTIONS, name());
        return OpenmojiSketchView.open(location.path(), EmojiDatasourceEntry.cacheDir(location), o, split, System.err);
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("size", EmojiViewOptions.DESCRIPTIONS.get("size"));
        out.put("test-fraction", "share of emoji held out per OpenMoji group (default 0.2)");
        out.put("seed", "seed of the split (default 0)");
        return out;
    }

    @Override
    public List<String> notes(DatasetLocation location) {
        return List.of("OpenMoji images: " + OpenmojiMetadata.LICENCE);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.NPM;
    }

    @Override
    public String packageName() {
        return OpenmojiMetadata.PACKAGE;
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return "Run: npm install --prefix " + catalog.npmPrefix() + " openmoji (or .ci/install-data)";
    }
}
