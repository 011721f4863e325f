package dev.mamori.data.emoji;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the emoji-detection canvases are made, written after the dataset name as options, e.g.
 * {@code emoji-detection:size=128,classes=smileys+animals+food+flags,objects=1-6,train-count=4000}.
 *
 * @param size         canvas side, 64 or 128 pixels
 * @param classes      the emoji categories that are the detection classes, by key (the first word of the category
 *                     name in lower case: smileys, people, animals, food, travel, activities, objects, symbols, flags)
 * @param minObjects   fewest emoji per canvas
 * @param maxObjects   most emoji per canvas (fewer when a placement fails)
 * @param minSide      smallest pasted emoji side in pixels
 * @param maxSide      largest pasted emoji side
 * @param trainCount   training canvases
 * @param testCount    test canvases
 * @param seed         seed of the canvases and of the split by emoji identity
 * @param vendors      the image sets the emoji are drawn from
 * @param testFraction share of each class's emoji held out for the test canvases
 * @param maxIou       largest IoU allowed between two boxes of one canvas
 */
public record EmojiDetectionOptions(int size, List<String> classes, int minObjects, int maxObjects, int minSide, int maxSide,
                                    int trainCount, int testCount, long seed, List<EmojiVendor> vendors, double testFraction,
                                    double maxIou) {
    /** Every option with its default and meaning (shown by mamori data show). */
    public static final Map<String, String> DESCRIPTIONS = descriptions();
    /** The category keys in CLDR order. */
    public static final List<String> CATEGORY_KEYS = List.of("smileys", "people", "animals", "food", "travel", "activities", "objects",
            "symbols", "flags");

    public EmojiDetectionOptions {
        if (size != 64 && size != 128) throw new IllegalArgumentException("option 'size': expected 64 or 128, got " + size);
        classes = List.copyOf(classes);
        if (classes.isEmpty()) throw new IllegalArgumentException("option 'classes': at least one category is needed");
        for (String c : classes) {
            if (!CATEGORY_KEYS.contains(c)) throw new IllegalArgumentException("option 'classes': unknown category '" + c + "'; expected some of " + CATEGORY_KEYS);
        }
        if (classes.stream().distinct().count() != classes.size()) throw new IllegalArgumentException("option 'classes': a category is named twice in " + classes);
        if (minObjects < 1 || maxObjects < minObjects) {
            throw new IllegalArgumentException("option 'objects': expected 1 <= min <= max, got " + minObjects + "-" + maxObjects);
        }
        if (minSide < 4 || maxSide < minSide || maxSide > size) {
            throw new IllegalArgumentException("option 'sides': expected 4 <= min <= max <= size " + size + ", got " + minSide + "-" + maxSide);
        }
        if (trainCount < 0 || testCount < 0) throw new IllegalArgumentException("options 'train-count' and 'test-count' must be >= 0");
        vendors = List.copyOf(vendors);
        if (vendors.isEmpty()) throw new IllegalArgumentException("option 'vendors': at least one vendor is needed");
        if (!(testFraction > 0 && testFraction < 1)) throw new IllegalArgumentException("option 'test-fraction': expected a value in (0, 1), got " + testFraction);
        if (!(maxIou >= 0 && maxIou <= 1)) throw new IllegalArgumentException("option 'max-iou': expected a value in [0, 1], got " + maxIou);
    }

    /** 64x64 canvases of smileys, animals, food and flags, 1-6 emoji of 12-28 pixels, 4,000 / 1,000 canvases, seed 0. */
    public static EmojiDetectionOptions defaults() {
        return new EmojiDetectionOptions(64, List.of("smileys", "animals", "food", "flags"), 1, 6, 12, 28, 4000, 1000, 0,
                EmojiVendor.defaults(), 0.2, 0.1);
    }

    /** The category key of an emoji.json category name ("Food &amp; Drink" -> "food"). */
    public static String keyOf(String category) {
        return category.split("[ &]+")[0].toLowerCase(Locale.ROOT);
    }

    /** A canonical text of every option (the cache key of an export). */
    public String canonical() {
        return "size=" + size + ",classes=" + String.join("+", classes) + ",objects=" + minObjects + "-" + maxObjects + ",sides=" + minSide
                + "-" + maxSide + ",train-count=" + trainCount + ",test-count=" + testCount + ",seed=" + seed + ",vendors="
                + String.join("+", vendors.stream().map(EmojiVendor::id).toList()) + ",test-fraction=" + testFraction + ",max-iou=" + maxIou;
    }

    /** Options from a dataset name's option map over the defaults; sides scale with the size unless given. */
    public static EmojiDetectionOptions parse(Map<String, String> options, String dataset) {
        EmojiDetectionOptions d = defaults();
        int size = d.size, minObjects = d.minObjects, maxObjects = d.maxObjects, trainCount = d.trainCount, testCount = d.testCount;
        Integer minSide = null, maxSide = null;
        long seed = d.seed;
        double testFraction = d.testFraction, maxIou = d.maxIou;
        List<String> classes = d.classes;
        List<EmojiVendor> vendors = d.vendors;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey(), value = e.getValue().strip();
            try {
                switch (key) {
                    case "size" -> size = Integer.parseInt(value);
                    case "classes" -> classes = words(value);
                    case "objects" -> {
                        int[] r = range(value, key);
                        minObjects = r[0];
                        maxObjects = r[1];
                    }
                    case "sides" -> {
                        int[] r = range(value, key);
                        minSide = r[0];
                        maxSide = r[1];
                    }
                    case "train-count" -> trainCount = Integer.parseInt(value);
                    case "test-count" -> testCount = Integer.parseInt(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "vendors" -> {
                        List<EmojiVendor> vs = new ArrayList<>();
                        for (String v : words(value)) vs.add(EmojiVendor.parse(v));
                        vendors = vs;
                    }
                    case "test-fraction" -> testFraction = Double.parseDouble(value);
                    case "max-iou" -> maxIou = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException(dataset + " has no option '" + key + "'; options: " + DESCRIPTIONS.keySet());
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("option '" + key + "': '" + value + "' is not a number");
            }
        }
        int scale = size / 64;
        return new EmojiDetectionOptions(size, classes, minObjects, maxObjects, minSide != null ? minSide : d.minSide * scale,
                maxSide != null ? maxSide : d.maxSide * scale, trainCount, testCount, seed, vendors, testFraction, maxIou);
    }

    private static List<String> words(String value) {
        List<String> out = new ArrayList<>();
        for (String w : value.split("[+/ ]+")) if (!w.isBlank()) out.add(w.toLowerCase(Locale.ROOT));
        return out;
    }

    private static int[] range(String value, String option) {
        String[] parts = value.split("-");
        if (parts.length == 1) return new int[]{Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[0].strip())};
        if (parts.length != 2) throw new IllegalArgumentException("option '" + option + "': expected MIN-MAX, got '" + value + "'");
        return new int[]{Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
    }

    /** The option names this view takes. */
    public static Set<String> names() {
        return DESCRIPTIONS.keySet();
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("size", "canvas side, 64 (default) or 128 pixels");
        d.put("classes", "emoji categories that are the classes, joined by '+' (default smileys+animals+food+flags; also people, travel,"
                + " activities, objects, symbols)");
        d.put("objects", "emoji per canvas MIN-MAX (default 1-6)");
        d.put("sides", "pasted emoji side in pixels MIN-MAX (default 12-28 at 64, 24-56 at 128)");
        d.put("train-count", "training canvases (default 4000)");
        d.put("test-count", "test canvases (default 1000)");
        d.put("seed", "seed of the canvases and of the split by emoji identity (default 0)");
        d.put("vendors", "image sets joined by '+' (default google+twitter)");
        d.put("test-fraction", "share of each class's emoji held out for the test canvases (default 0.2)");
        d.put("max-iou", "largest IoU between two boxes of a canvas (default 0.1)");
        return java.util.Collections.unmodifiableMap(d);
    }
}
