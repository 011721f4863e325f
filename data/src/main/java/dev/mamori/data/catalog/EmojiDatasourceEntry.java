package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.emoji.EmojiMetadata;
import dev.mamori.data.emoji.EmojiVendor;
import dev.mamori.data.emoji.EmojiViewOptions;
import dev.mamori.data.emoji.EmojiViews;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * emoji-category and emoji-faces: views of the npm packages emoji-datasource (emoji.json) and
 * emoji-datasource-google / -twitter (64x64 PNGs); Apple's and Facebook's sets on request. Decoded pixels are cached
 * under &lt;data root&gt;/cache/emoji/.
 */
final class EmojiDatasourceEntry extends KnownDataset {
    private static final Set<String> CATEGORY_OPTIONS = Set.of("size", "split", "vendors", "test-vendor", "test-fraction", "seed", "skin-tones");
    private static final Set<String> FACES_OPTIONS = Set.of("size", "split", "vendors", "test-vendor", "test-fraction", "seed", "target");

    private final boolean faces;

    private EmojiDatasourceEntry(String name, String description, boolean faces) {
        super(name, description);
        this.faces = faces;
    }

    static EmojiDatasourceEntry category() {
        return new EmojiDatasourceEntry("emoji-category", "emoji of 9 categories drawn by Google and Twitter (RGB 32 or 64 px, "
                + "captions), npm 'emoji-datasource' + '-google' + '-twitter'", false);
    }

    static EmojiDatasourceEntry faces() {
        return new EmojiDatasourceEntry("emoji-faces", "person and face emoji with skin tone, gender, hair, eyeglasses labels "
                + "(RGB, captions), npm 'emoji-datasource' + '-google' + '-twitter'", true);
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        for (Path prefix : catalog.npmPrefixes()) {
            if (!Files.isRegularFile(EmojiMetadata.packageDir(prefix).resolve("emoji.json"))) continue;
            boolean all = EmojiVendor.defaults().stream().allMatch(v -> Files.isDirectory(v.imageDir(prefix)));
            if (all) return Optional.of(new DatasetLocation(prefix, "npm packages " + String.join(", ", packageNames())));
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
        EmojiViewOptions o = EmojiViewOptions.parse(options, faces ? FACES_OPTIONS : CATEGORY_OPTIONS, name());
        Path cache = cacheDir(location);
        return faces ? EmojiViews.faces(location.path(), cache, o, split, System.err)
                : EmojiViews.category(location.path(), cache, o, split, System.err);
    }

    /** &lt;data root&gt;/cache, beside the npm/ prefix the packages were found in. */
    static Path cacheDir(DatasetLocation location) {
        Path parent = location.path().toAbsolutePath().getParent();
        return (parent == null ? location.path() : parent).resolve("cache");
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> out = new LinkedHashMap<>();
        EmojiViewOptions.DESCRIPTIONS.forEach((k, v) -> {
            if ((faces ? FACES_OPTIONS : CATEGORY_OPTIONS).contains(k)) out.put(k, v);
        });
        return out;
    }

    @Override
    public List<String> notes(DatasetLocation location) {
        List<String> out = new ArrayList<>();
        out.add("emoji.json (emoji-datasource): MIT licence");
        for (EmojiVendor v : EmojiVendor.values()) {
            boolean installed = Files.isDirectory(v.imageDir(location.path()));
            out.add(v.id() + " images (" + v.packageName() + ", " + (installed ? "installed" : v.installedByDefault()
                    ? "not installed" : "opt-in, not installed: mamori data fetch " + name() + " --vendors " + v.id())
                    + "): " + v.licence());
        }
        out.add("licences as stated by the emoji-datasource README (Image Sources); the packages themselves say MIT");
        return out;
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.NPM;
    }

    @Override
    public String packageName() {
        return EmojiMetadata.PACKAGE;
    }

    @Override
    public List<String> packageNames() {
        List<String> out = new ArrayList<>(List.of(EmojiMetadata.PACKAGE));
        for (EmojiVendor v : EmojiVendor.defaults()) out.add(v.packageName());
        return out;
    }

    @Override
    public Map<String, String> optionalPackages() {
        Map<String, String> out = new LinkedHashMap<>();
        for (EmojiVendor v : EmojiVendor.values()) if (!v.installedByDefault()) out.put(v.id(), v.packageName());
        return out;
    }

    @Override
    public String optionalPackageNote(String extra) {
        EmojiVendor v = EmojiVendor.parse(extra);
        return "the " + v.id() + " emoji images: " + v.licence() + " (emoji-datasource README)";
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return "Run: npm install --prefix " + catalog.npmPrefix() + " " + String.join(" ", packageNames())
                + " (or .ci/install-data). Apple's or Facebook's images: mamori data fetch " + name() + " --vendors apple,facebook";
    }
}
