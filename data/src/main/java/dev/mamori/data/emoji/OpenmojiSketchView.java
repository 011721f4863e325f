package dev.mamori.data.emoji;

import com.github.weisj.jsvg.SVGDocument;
import dev.mamori.data.ByteImage;
import dev.mamori.data.Dataset;
import dev.mamori.data.GroupSplit;
import dev.mamori.data.formats.PixelCache;
import dev.mamori.data.formats.SvgFiles;
import dev.mamori.data.transforms.AreaDownscale;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * openmoji-sketch: every OpenMoji emoji (component group excluded) as a pair (black line art, colour rendering),
 * both rendered from OpenMoji's SVGs with JSVG at 64 pixels over white (32: the 2x2 area average), labelled by
 * OpenMoji group. Renderings are kept in a {@link PixelCache} under the data root (the cold build renders about 9,000
 * SVGs). Splits train/test/all: a seeded split by identity (skin-tone variants belong to their base emoji), stratified
 * by group.
 */
public final class OpenmojiSketchView {
    static final int NATIVE_SIZE = 64;
    private static final int PIXELS = 3 * NATIVE_SIZE * NATIVE_SIZE;

    private OpenmojiSketchView() {}

    public static Dataset<SketchPair> open(Path npmPrefix, Path cacheDir, EmojiViewOptions options, String split, PrintStream log)
            throws IOException {
        if (!EmojiViews.SPLITS.contains(split)) {
            throw new IllegalArgumentException("unknown split '" + split + "'; available: " + EmojiViews.SPLITS);
        }
        OpenmojiMetadata meta = OpenmojiMetadata.read(npmPrefix);
        List<OpenmojiRecord> records = meta.records().stream().filter(r -> !r.group().equals(OpenmojiMetadata.COMPONENT)).toList();
        List<String> classes = meta.groups();
        byte[] colour = rendered(meta, records, "color", meta::colourSvg, cacheDir, log);
        byte[] lineArt = rendered(meta, records, "black", meta::lineArtSvg, cacheDir, log);
        Set<String> testIds = testIdentities(records, options);
        List<SketchPair> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            OpenmojiRecord r = records.get(i);
            if (!split.equals("all") && testIds.contains(r.identity()) != split.equals("test")) continue;
            out.add(new SketchPair(image(colour, i, options.size()), image(lineArt, i, options.size()),
                    classes.indexOf(r.group()), r));
        }
        return Dataset.of(out, classes);
    }

    /** The identities an identity split holds out: a seeded share of each group. */
    public static Set<String> testIdentities(List<OpenmojiRecord> records, EmojiViewOptions options) {
        Map<String, String> strata = new LinkedHashMap<>();
        for (OpenmojiRecord r : records) strata.putIfAbsent(r.identity(), r.group());
        return GroupSplit.testGroups(strata, options.testFraction(), options.seed());
    }

    private static ByteImage image(byte[] pixels, int index, int size) {
        ByteImage full = new ByteImage(3, NATIVE_SIZE, NATIVE_SIZE, pixels, index * PIXELS);
        return size == NATIVE_SIZE ? full : AreaDownscale.of(full, NATIVE_SIZE / size);
    }

    private static byte[] rendered(OpenmojiMetadata meta, List<OpenmojiRecord> records, String style,
                                   Function<OpenmojiRecord, Path> svg, Path cacheDir, PrintStream log) throws IOException {
        List<String> names = records.stream().map(OpenmojiRecord::hexcode).toList();
        String key = "openmoji " + meta.version() + " " + style + "/svg 64 RGB over white, JSVG " + jsvgVersion();
        Path cache = cacheDir.resolve("emoji").resolve("openmoji-" + meta.version() + "-" + style + "-64.pixels");
        return PixelCache.loadOrBuild(cache, key, names, 3, NATIVE_SIZE, NATIVE_SIZE, i -> {
            Path file = svg.apply(records.get(i));
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "openmoji.json lists " + records.get(i).hexcode()
                        + " but its " + style + " SVG is missing (reinstall openmoji)");
            }
            return SvgFiles.renderOnWhite(file, NATIVE_SIZE);
        }, log);
    }

    /** The renderer's version: a new JSVG may draw differently, so it is part of the cache key. */
    static String jsvgVersion() {
        String v = SVGDocument.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
