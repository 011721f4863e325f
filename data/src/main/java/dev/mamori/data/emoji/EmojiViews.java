package dev.mamori.data.emoji;

import dev.mamori.data.Dataset;
import dev.mamori.data.GroupSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The datasets cut from the emoji-datasource packages, every image alpha-composited on white at 32 or 64 pixels:
 *
 * <ul>
 *   <li>{@link #category emoji-category}: the nine emoji categories (Component, the skin-tone swatches, excluded)
 *       as classes, each emoji drawn by every chosen vendor.</li>
 *   <li>{@link #faces emoji-faces}: person and face emoji with every skin-tone variant and attribute labels
 *       ({@link FaceAttributes}).</li>
 * </ul>
 *
 * Splits "train", "test" and "all". The identity split holds out a seeded share of emoji per class (per category;
 * per hair value for faces, the rarest attribute) where an emoji's identity is its base: all its renderings and all
 * its skin-tone variants fall on the same side, so no test image has a twin in training. The vendor split trains on
 * every vendor but one and tests on that one (every emoji on both sides: it measures transfer across drawing styles).
 */
public final class EmojiViews {
    public static final List<String> SPLITS = List.of("train", "test", "all");

    private EmojiViews() {}

    /** One glyph drawn by one vendor. */
    private record Row(EmojiRecord emoji, EmojiVendor vendor) {}

    /** emoji-category: images labelled by category, in vendor order, then emoji.json order. */
    public static Dataset<EmojiExample> category(Path npmPrefix, Path cacheDir, EmojiViewOptions options, String split,
                                                 PrintStream log) throws IOException {
        EmojiMetadata meta = EmojiMetadata.read(npmPrefix);
        List<String> classes = meta.categories();
        Predicate<EmojiRecord> in = r -> !r.category().equals(EmojiMetadata.COMPONENT) && (options.skinTones() || !r.isVariant());
        List<Row> rows = rows(meta, in, EmojiRecord::category, options, split);
        Map<EmojiVendor, VendorImages> images = images(npmPrefix, meta, rows, cacheDir, log);
        List<EmojiExample> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(new EmojiExample(images.get(row.vendor()).image(row.emoji(), options.size()),
                    classes.indexOf(row.emoji().category()), row.emoji(), row.vendor()));
        }
        return Dataset.of(out, classes);
    }

    /** emoji-faces: person and face emoji with every skin-tone variant, labelled by the target attribute. */
    public static Dataset<EmojiFaceExample> faces(Path npmPrefix, Path cacheDir, EmojiViewOptions options, String split,
                                                  PrintStream log) throws IOException {
        EmojiMetadata meta = EmojiMetadata.read(npmPrefix);
        Set<String> codes = meta.unifiedCodes();
        List<Row> rows = rows(meta, EmojiViews::isFace, r -> FaceAttributes.hair(r.name()).id(), options, split);
        Map<EmojiVendor, VendorImages> images = images(npmPrefix, meta, rows, cacheDir, log);
        List<EmojiFaceExample> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            FaceAttributes a = FaceAttributes.parse(row.emoji(), isFaceOnly(row.emoji()), codes);
            out.add(new EmojiFaceExample(images.get(row.vendor()).image(row.emoji(), options.size()),
                    a.valueOf(options.target()), row.emoji(), row.vendor(), a));
        }
        return Dataset.of(out, FaceAttributes.classesOf(options.target()));
    }

    /**
     * The glyphs of emoji-faces: one person (People &amp; Body subcategories person, person-role, person-gesture,
     * person-activity, person-sport, person-resting, person-fantasy; not person-symbol or family, whose several people
     * have no single gender or tone) and human-like faces (Smileys &amp; Emotion face-* subcategories except
     * face-costume: ogre, ghost, alien, robot, ...).
     */
    public static boolean isFace(EmojiRecord r) {
        boolean person = r.category().equals("People & Body") && r.subcategory().startsWith("person")
                && !r.subcategory().equals("person-symbol");
        return person || isFaceOnly(r);
    }

    private static boolean isFaceOnly(EmojiRecord r) {
        return r.category().equals("Smileys & Emotion") && r.subcategory().startsWith("face-") && !r.subcategory().equals("face-costume");
    }

    /**
     * The identities held out for testing by an identity split: a seeded share of each stratum's identities.
     *
     * @param in      the glyphs of the view
     * @param stratum a glyph's stratum (the same for all glyphs of one identity)
     */
    public static Set<String> testIdentities(EmojiMetadata meta, Predicate<EmojiRecord> in, Function<EmojiRecord, String> stratum,
                                             EmojiViewOptions options) {
        Map<String, String> strata = new LinkedHashMap<>();
        for (EmojiRecord r : meta.records()) {
            if (!in.test(r)) continue;
            String s = stratum.apply(r), before = strata.putIfAbsent(r.identity(), s);
            if (before != null && !before.equals(s)) {
                throw new IllegalStateException("emoji " + r.identity() + " has glyphs in strata " + before + " and " + s);
            }
        }
        return GroupSplit.testGroups(strata, options.testFraction(), options.seed());
    }

    private static List<Row> rows(EmojiMetadata meta, Predicate<EmojiRecord> in, Function<EmojiRecord, String> stratum,
                                  EmojiViewOptions options, String split) {
        if (!SPLITS.contains(split)) throw new IllegalArgumentException("unknown split '" + split + "'; available: " + SPLITS);
        boolean all = split.equals("all"), test = split.equals("test");
        List<EmojiVendor> vendors = options.vendors();
        Predicate<EmojiRecord> side = r -> true;
        if (options.vendorSplit()) {
            EmojiVendor held = options.heldOutVendor();
            if (!all) vendors = vendors.stream().filter(v -> (v == held) == test).toList();
        } else if (!all) {
            Set<String> testIds = testIdentities(meta, in, stratum, options);
            side = r -> testIds.contains(r.identity()) == test;
        }
        List<Row> rows = new ArrayList<>();
        for (EmojiVendor v : vendors) {
            for (EmojiRecord r : meta.records()) {
                if (in.test(r) && side.test(r) && r.vendors().contains(v)) rows.add(new Row(r, v));
            }
        }
        return rows;
    }

    private static Map<EmojiVendor, VendorImages> images(Path npmPrefix, EmojiMetadata meta, List<Row> rows, Path cacheDir,
                                                         PrintStream log) throws IOException {
        Map<EmojiVendor, VendorImages> out = new EnumMap<>(EmojiVendor.class);
        for (Row row : rows) {
            if (!out.containsKey(row.vendor())) out.put(row.vendor(), VendorImages.load(npmPrefix, meta, row.vendor(), cacheDir, log));
        }
        return out;
    }
}
