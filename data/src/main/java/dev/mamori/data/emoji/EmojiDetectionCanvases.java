package dev.mamori.data.emoji;

import dev.mamori.data.Box;
import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.ByteImage;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.FloatImage;
import dev.mamori.data.Seeds;
import dev.mamori.data.synthetic.CanvasBackgrounds;
import dev.mamori.data.synthetic.CanvasLayout;
import dev.mamori.data.transforms.Resize;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * emoji-detection: canvases of 1-6 emoji of chosen categories pasted at random positions and sizes onto varied
 * backgrounds ({@link CanvasBackgrounds}), with a box and category per emoji. The emoji are real drawings (the
 * vendors' 64x64 RGBA images), resized with antialiasing and alpha-composited; an emoji's box is the tight box of its
 * pixels with alpha above {@link #ALPHA_THRESHOLD}. Train and test canvases use disjoint emoji: each class's emoji are
 * split by identity as emoji-category splits them (seeded, {@code test-fraction} per class), so a test canvas shows
 * emoji the detector never saw. Canvas i of a split depends only on (seed, split, i); pixels are rounded to 8 bits so
 * that the COCO export (PNG) is exactly the canvas. Category ids are 1.. in the order of the classes option.
 */
public final class EmojiDetectionCanvases implements DetectionDataset {
    /** Alpha above which a pasted pixel belongs to the emoji's box (ours: leaves out the faint antialiasing fringe). */
    public static final float ALPHA_THRESHOLD = 0.1f;
    private static final int NATIVE = VendorImages.NATIVE_SIZE;

    /** One drawing of one emoji. */
    private record Glyph(EmojiRecord emoji, VendorImages images) {}

    private final EmojiDetectionOptions options;
    private final String split;
    private final List<Category> categories;
    private final List<List<Glyph>> glyphsByClass;
    private final String sources;

    private EmojiDetectionCanvases(EmojiDetectionOptions options, String split, List<Category> categories, List<List<Glyph>> glyphsByClass,
                                   String sources) {
        this.sources = sources;
        this.options = options;
        this.split = split;
        this.categories = categories;
        this.glyphsByClass = glyphsByClass;
    }

    /** The splits: train and test. */
    public static final List<String> SPLITS = List.of("train", "test");

    /** Opens a split: reads emoji.json and the vendors' RGBA images (from the pixel cache under {@code cacheDir}). */
    public static EmojiDetectionCanvases open(Path npmPrefix, Path cacheDir, EmojiDetectionOptions options, String split, PrintStream log)
            throws IOException {
        if (!SPLITS.contains(split)) throw new IllegalArgumentException("emoji-detection has no split '" + split + "'; available: " + SPLITS);
        EmojiMetadata meta = EmojiMetadata.read(npmPrefix);
        List<String> names = new ArrayList<>();
        for (String key : options.classes()) {
            String name = meta.categories().stream().filter(c -> EmojiDetectionOptions.keyOf(c).equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("option 'classes': emoji.json has no category '" + key + "'; it has " + meta.categories()));
            names.add(name);
        }
        Predicate<EmojiRecord> in = r -> names.contains(r.category()) && !r.isVariant();
        EmojiViewOptions splitOptions = EmojiViewOptions.builder().vendors(options.vendors()).testFraction(options.testFraction())
                .seed(options.seed()).build();
        Set<String> testIds = EmojiViews.testIdentities(meta, in, EmojiRecord::category, splitOptions);
        boolean test = split.equals("test");
        Map<EmojiVendor, VendorImages> images = new EnumMap<>(EmojiVendor.class);
        for (EmojiVendor v : options.vendors()) images.put(v, VendorImages.loadRgba(npmPrefix, meta, v, cacheDir, log));
        List<List<Glyph>> byClass = new ArrayList<>();
        List<Category> categories = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            List<Glyph> glyphs = new ArrayList<>();
            for (EmojiVendor v : options.vendors()) {
                for (EmojiRecord r : meta.records()) {
                    if (in.test(r) && r.category().equals(names.get(k)) && testIds.contains(r.identity()) == test && r.vendors().contains(v)) {
                        glyphs.add(new Glyph(r, images.get(v)));
                    }
                }
            }
            if (glyphs.isEmpty()) throw new IllegalArgumentException("category '" + names.get(k) + "' has no emoji in the " + split + " split");
            byClass.add(List.copyOf(glyphs));
            categories.add(new Category(k + 1, names.get(k), "emoji"));
        }
        StringBuilder sources = new StringBuilder(EmojiMetadata.PACKAGE + " " + meta.version());
        for (EmojiVendor v : options.vendors()) sources.append(", ").append(v.packageName()).append(' ').append(JsonRecords.packageVersion(v.packageDir(npmPrefix)));
        return new EmojiDetectionCanvases(options, split, List.copyOf(categories), List.copyOf(byClass), sources.toString());
    }

    public EmojiDetectionOptions options() {
        return options;
    }

    /**
     * Everything the canvases of this split depend on: the generator's version, the split, the options and the
     * versions of the emoji packages (the key of a cached export).
     */
    public String key() {
        return "emoji-detection v1, split " + split + ", " + options.canonical() + ", alpha > " + ALPHA_THRESHOLD + ", from " + sources;
    }

    /** The identities (base emoji) whose drawings this split pastes. */
    public Set<String> identities() {
        Set<String> out = new java.util.TreeSet<>();
        for (List<Glyph> glyphs : glyphsByClass) for (Glyph g : glyphs) out.add(g.emoji().identity());
        return out;
    }

    /** Emoji drawings available to each class in this split. */
    public List<Integer> glyphCounts() {
        return glyphsByClass.stream().map(List::size).toList();
    }

    @Override
    public int size() {
        return split.equals("test") ? options.testCount() : options.trainCount();
    }

    @Override
    public List<Category> categories() {
        return categories;
    }

    @Override
    public DetectionExample get(int index) {
        Objects.checkIndex(index, size());
        int s = options.size(), plane = s * s;
        SplittableRandom rng = new SplittableRandom(Seeds.mix(options.seed(), split.equals("test") ? 2 : 1, index, 0x454D4F4A49L));
        float[] canvas = CanvasBackgrounds.draw(rng, s);
        List<BoxAnnotation> objects = new ArrayList<>();
        List<Box> placed = new ArrayList<>();
        int count = options.minObjects() + rng.nextInt(options.maxObjects() - options.minObjects() + 1);
        for (int n = 0; n < count; n++) {
            int k = rng.nextInt(glyphsByClass.size());
            List<Glyph> glyphs = glyphsByClass.get(k);
            Glyph g = glyphs.get(rng.nextInt(glyphs.size()));
            int side = options.minSide() + rng.nextInt(options.maxSide() - options.minSide() + 1);
            FloatImage patch = premultiplied(g.images().full(g.emoji()), side);   // [4, side, side]: R*a, G*a, B*a, a
            int[] tight = CanvasLayout.tightBox(patch.pixels(), 3 * side * side, side, side, ALPHA_THRESHOLD);
            if (tight == null) continue;
            CanvasLayout.Placement at = CanvasLayout.place(rng, s, side, tight, placed, options.maxIou());
            if (at == null) continue;
            composite(canvas, s, patch, at.x(), at.y());
            placed.add(at.box());
            objects.add(new BoxAnnotation(at.box(), k + 1));
        }
        for (int i = 0; i < 3 * plane; i++) canvas[i] = Math.round(Math.max(0f, Math.min(1f, canvas[i])) * 255f) / 255f;
        return new DetectionExample(index + 1L, new FloatImage(3, s, s, canvas), objects);
    }

    /** The RGBA glyph resized to side x side (antialiased) with colours premultiplied by alpha, so edges do not bleed. */
    private static FloatImage premultiplied(ByteImage rgba, int side) {
        float[] p = rgba.toFloat().pixels().clone();
        int plane = NATIVE * NATIVE;
        for (int c = 0; c < 3; c++) for (int i = 0; i < plane; i++) p[c * plane + i] *= p[3 * plane + i];
        return Resize.resize(new FloatImage(4, NATIVE, NATIVE, p), side, side, side < NATIVE);
    }

    /** "Over" compositing of a premultiplied patch: out = colour * alpha + background * (1 - alpha). */
    private static void composite(float[] canvas, int size, FloatImage patch, int x0, int y0) {
        int side = patch.width(), plane = size * size, patchPlane = side * side;
        float[] p = patch.pixels();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float a = Math.max(0f, Math.min(1f, p[3 * patchPlane + y * side + x]));
                int at = (y0 + y) * size + x0 + x;
                for (int c = 0; c < 3; c++) canvas[c * plane + at] = p[c * patchPlane + y * side + x] + canvas[c * plane + at] * (1 - a);
            }
        }
    }
}
