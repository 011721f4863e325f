package dev.mamori.data.emoji;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How an emoji view is cut: image size, which vendors' renderings, how train and test are split, and what the label
 * is. Written in a dataset name as options, e.g. {@code emoji-category:size=64,split=vendor,test-vendor=twitter}.
 *
 * @param size         32 or 64 pixels (64 is the packages' own size; 32 is its 2x2 area average)
 * @param vendorSplit  false: a seeded split by emoji identity (every rendering and skin-tone variant of one emoji on
 *                     the same side); true: train on every vendor but {@code testVendor}, test on it
 * @param vendors      the image sets used, in order; Google and Twitter by default
 * @param testVendor   the held-out vendor of a vendor split; null means the last of {@code vendors}
 * @param testFraction the share of identities held out by an identity split, per class (stratum)
 * @param seed         the identity split's seed
 * @param skinTones    emoji-category only: also every skin-tone variant (false: each emoji's default rendering)
 * @param target       emoji-faces only: which attribute is the class label (see {@link FaceAttributes#TARGETS})
 */
public record EmojiViewOptions(int size, boolean vendorSplit, List<EmojiVendor> vendors, EmojiVendor testVendor,
                               double testFraction, long seed, boolean skinTones, String target) {
    /** Every option a view may take, with its default and meaning (shown by mamori data show). */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    public EmojiViewOptions {
        if (size != 32 && size != 64) throw new IllegalArgumentException("option 'size': expected 32 or 64, got " + size);
        vendors = List.copyOf(vendors);
        if (vendors.isEmpty()) throw new IllegalArgumentException("option 'vendors': at least one vendor is needed");
        if (vendors.stream().distinct().count() != vendors.size()) {
            throw new IllegalArgumentException("option 'vendors': a vendor is named twice in " + vendors);
        }
        if (testVendor != null && !vendors.contains(testVendor)) {
            throw new IllegalArgumentException("option 'test-vendor': " + testVendor + " is not one of the vendors " + vendors);
        }
        if (vendorSplit && vendors.size() < 2) {
            throw new IllegalArgumentException("option 'split=vendor' needs at least two vendors, got " + vendors);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("option 'test-fraction': expected a value in (0, 1), got " + testFraction);
        }
        FaceAttributes.classesOf(target); // validates the name
    }

    /** The defaults: 32x32, Google and Twitter, identity split 80/20 with seed 0, default renderings, skin tone. */
    public static EmojiViewOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The held-out vendor of a vendor split (the last vendor unless one is named). */
    public EmojiVendor heldOutVendor() {
        return testVendor != null ? testVendor : vendors.get(vendors.size() - 1);
    }

    /**
     * Options from a dataset name's option map; only {@code allowed} keys may appear (each view takes a subset of
     * {@link #DESCRIPTIONS}).
     */
    public static EmojiViewOptions parse(Map<String, String> options, Set<String> allowed, String dataset) {
        Builder b = builder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey(), value = e.getValue().strip();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(dataset + " has no option '" + key + "'; options: " + allowed);
            }
            try {
                switch (key) {
                    case "size" -> b.size(Integer.parseInt(value));
                    case "split" -> b.vendorSplit(switch (value.toLowerCase(Locale.ROOT)) {
                        case "identity" -> false;
                        case "vendor" -> true;
                        default -> throw new IllegalArgumentException("option 'split': expected identity or vendor, got '" + value + "'");
                    });
                    case "vendors" -> {
                        List<EmojiVendor> vs = new ArrayList<>();
                        for (String v : value.split("[+/ ]+")) if (!v.isBlank()) vs.add(EmojiVendor.parse(v));
                        b.vendors(vs);
                    }
                    case "test-vendor" -> b.testVendor(EmojiVendor.parse(value));
                    case "test-fraction" -> b.testFraction(Double.parseDouble(value));
                    case "seed" -> b.seed(Long.parseLong(value));
                    case "skin-tones" -> b.skinTones(switch (value.toLowerCase(Locale.ROOT)) {
                        case "default" -> false;
                        case "all" -> true;
                        default -> throw new IllegalArgumentException("option 'skin-tones': expected default or all, got '" + value + "'");
                    });
                    case "target" -> b.target(value.toLowerCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException(dataset + " has no option '" + key + "'");
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("option '" + key + "': '" + value + "' is not a number");
            }
        }
        return b.build();
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("size", "32 (default) or 64 pixels; 32 is the 2x2 area average of the 64-pixel images");
        d.put("split", "identity (default: seeded, by emoji, every rendering of one emoji on one side) or vendor");
        d.put("vendors", "image sets joined by '+', default google+twitter (apple, facebook after mamori data fetch emoji-category --vendors apple,facebook)");
        d.put("test-vendor", "split=vendor: the vendor tested on (default: the last of vendors)");
        d.put("test-fraction", "split=identity: share of emoji held out per class (default 0.2)");
        d.put("seed", "split=identity: seed of the split (default 0)");
        d.put("skin-tones", "emoji-category: default (each emoji's default rendering) or all (also every skin-tone variant)");
        d.put("target", "emoji-faces: the class label, one of " + FaceAttributes.TARGETS + " (default skin-tone)");
        return java.util.Collections.unmodifiableMap(d);
    }

    /** Builder with the defaults of {@link #defaults()}. */
    public static final class Builder {
        private int size = 32;
        private boolean vendorSplit;
        private List<EmojiVendor> vendors = EmojiVendor.defaults();
        private EmojiVendor testVendor;
        private double testFraction = 0.2;
        private long seed;
        private boolean skinTones;
        private String target = "skin-tone";

        public Builder size(int v) { size = v; return this; }
        public Builder vendorSplit(boolean v) { vendorSplit = v; return this; }
        public Builder vendors(List<EmojiVendor> v) { vendors = v; return this; }
        public Builder testVendor(EmojiVendor v) { testVendor = v; return this; }
        public Builder testFraction(double v) { testFraction = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder skinTones(boolean v) { skinTones = v; return this; }
        public Builder target(String v) { target = v; return this; }

        public EmojiViewOptions build() {
            return new EmojiViewOptions(size, vendorSplit, vendors, testVendor, testFraction, seed, skinTones, target);
        }
    }
}
