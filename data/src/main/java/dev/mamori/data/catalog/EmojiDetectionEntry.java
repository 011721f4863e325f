package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.emoji.EmojiDetectionCanvases;
import dev.mamori.data.emoji.EmojiDetectionOptions;
import dev.mamori.data.formats.CocoDetection;
import dev.mamori.data.synthetic.CocoExport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * emoji-detection: detection canvases of emoji pasted on varied backgrounds ({@link EmojiDetectionCanvases}), made
 * from the same npm packages as emoji-category. A split is generated once, exported as COCO (PNG images and
 * annotations.json) under &lt;data root&gt;/cache/emoji-detection/&lt;hash of the options and sources&gt;/&lt;split&gt;/,
 * and read back through the COCO reader ({@link CocoDetection}), the path a user's own COCO data takes.
 */
final class EmojiDetectionEntry extends KnownDataset {
    private final EmojiDatasourceEntry source = EmojiDatasourceEntry.category();

    EmojiDetectionEntry() {
        super("emoji-detection", "detection canvases: 1-6 emoji of chosen categories pasted on varied backgrounds (RGB 64 or 128 px, "
                + "COCO boxes), from npm 'emoji-datasource' + '-google' + '-twitter'");
    }

    @Override
    public Optional<DatasetLocation> locate(DataCatalog catalog) {
        return source.locate(catalog);
    }

    @Override
    public List<String> splits(DatasetLocation location) {
        return EmojiDetectionCanvases.SPLITS;
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split) throws IOException {
        return open(location, split, Map.of());
    }

    @Override
    public Dataset<?> open(DatasetLocation location, String split, Map<String, String> options) throws IOException {
        checkSplit(location, split);
        EmojiDetectionOptions o = EmojiDetectionOptions.parse(options, name());
        Path cache = EmojiDatasourceEntry.cacheDir(location);
        EmojiDetectionCanvases canvases = EmojiDetectionCanvases.open(location.path(), cache, o, split, System.err);
        Path dir = CocoExport.cached(canvases, cache.resolve("emoji-detection").resolve(hash(canvases.key())).resolve(split), canvases.key(),
                System.err);
        return CocoDetection.open(dir.resolve("images"), dir.resolve("annotations.json"));
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> options() {
        return EmojiDetectionOptions.DESCRIPTIONS;
    }

    @Override
    public List<String> notes(DatasetLocation location) {
        return source.notes(location);
    }

    @Override
    public FetchMethod fetchMethod() {
        return FetchMethod.NPM;
    }

    @Override
    public String packageName() {
        return source.packageName();
    }

    @Override
    public List<String> packageNames() {
        return source.packageNames();
    }

    @Override
    public String manualInstructions(DataCatalog catalog) {
        return source.manualInstructions(catalog);
    }
}
