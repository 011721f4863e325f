package dev.mamori.data.emoji;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The emoji.json of the npm package emoji-datasource (iamcal/emoji-data): every emoji with its name, category,
 * subcategory, image file name, per-vendor image flags and skin-tone variants, flattened into {@link EmojiRecord}s
 * (each base emoji followed by its variants, in file order).
 *
 * @param version the package version (package.json), part of every cache key
 */
public record EmojiMetadata(Path file, String version, List<EmojiRecord> records) {
    public static final String PACKAGE = "emoji-datasource";
    /** emoji.json's category of the skin-tone swatches, which are modifiers rather than emoji. */
    public static final String COMPONENT = "Component";

    private static final Pattern UNIFIED = Pattern.compile("[0-9A-F]{2,6}(-[0-9A-F]{2,6}){0,15}");
    private static final Pattern IMAGE = Pattern.compile("[0-9a-f]{2,6}(-[0-9a-f]{2,6}){0,15}\\.png");
    private static final Pattern SKIN_KEY = Pattern.compile("1F3F[B-F](-1F3F[B-F])?");

    public EmojiMetadata {
        records = List.copyOf(records);
    }

    /** &lt;npm prefix&gt;/node_modules/emoji-datasource. */
    public static Path packageDir(Path npmPrefix) {
        return npmPrefix.resolve("node_modules").resolve(PACKAGE);
    }

    /** Reads &lt;prefix&gt;/node_modules/emoji-datasource/emoji.json and the package version. */
    public static EmojiMetadata read(Path npmPrefix) throws IOException {
        Path dir = packageDir(npmPrefix);
        Path file = dir.resolve("emoji.json");
        String hint = "emoji metadata is missing; run: npm install --prefix " + npmPrefix + " " + PACKAGE;
        JsonNode root = JsonRecords.read(file, hint);
        String version = JsonRecords.packageVersion(dir);
        return parse(file, version, root);
    }

    static EmojiMetadata parse(Path file, String version, JsonNode root) throws MalformedDataException {
        if (!root.isArray()) throw new MalformedDataException(file, 0, "expected a JSON array of emoji records");
        List<EmojiRecord> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = "record " + i;
            if (!n.isObject()) throw new MalformedDataException(file, -1, where + " is not a JSON object");
            String unified = JsonRecords.text(n, "unified", file, where, UNIFIED);
            where = "record " + i + " (" + unified + ")";
            String name = JsonRecords.text(n, "name", file, where);
            if (name.isBlank()) throw new MalformedDataException(file, -1, where + ": field 'name' is empty");
            List<String> shortNames = new ArrayList<>();
            JsonNode sn = n.get("short_names");
            if (sn == null || !sn.isArray()) throw new MalformedDataException(file, -1, where + ": field 'short_names' is missing or not an array");
            for (JsonNode s : sn) {
                if (!s.isTextual()) throw new MalformedDataException(file, -1, where + ": 'short_names' holds a non-string " + s);
                shortNames.add(s.asText());
            }
            String category = JsonRecords.text(n, "category", file, where);
            String subcategory = JsonRecords.text(n, "subcategory", file, where);
            int sortOrder = JsonRecords.integer(n, "sort_order", file, where);
            String image = JsonRecords.text(n, "image", file, where, IMAGE);
            add(out, seen, file, where, new EmojiRecord(unified, unified, name, shortNames, category, subcategory,
                    sortOrder, image, List.of(), vendors(n, file, where)));
            JsonNode variations = n.get("skin_variations");
            if (variations == null || variations.isNull()) continue;
            if (!variations.isObject()) throw new MalformedDataException(file, -1, where + ": field 'skin_variations' is not an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = variations.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                String vWhere = where + ", skin variation " + v.getKey();
                if (!SKIN_KEY.matcher(v.getKey()).matches()) {
                    throw new MalformedDataException(file, -1, vWhere + ": key is not one or two skin tone modifiers (1F3FB..1F3FF)");
                }
                if (!v.getValue().isObject()) throw new MalformedDataException(file, -1, vWhere + " is not a JSON object");
                List<SkinTone> tones = new ArrayList<>();
                for (String m : v.getKey().split("-")) tones.add(SkinTone.ofModifier(m));
                String vUnified = JsonRecords.text(v.getValue(), "unified", file, vWhere, UNIFIED);
                String vImage = JsonRecords.text(v.getValue(), "image", file, vWhere, IMAGE);
                add(out, seen, file, vWhere, new EmojiRecord(vUnified, unified, name, shortNames, category, subcategory,
                        sortOrder, vImage, tones, vendors(v.getValue(), file, vWhere)));
            }
        }
        return new EmojiMetadata(file, version, out);
    }

    private static void add(List<EmojiRecord> out, Set<String> seen, Path file, String where, EmojiRecord r)
            throws MalformedDataException {
        if (!seen.add(r.unified())) throw new MalformedDataException(file, -1, where + ": emoji " + r.unified() + " appears twice");
        out.add(r);
    }

    private static Set<EmojiVendor> vendors(JsonNode n, Path file, String where) throws MalformedDataException {
        Set<EmojiVendor> vendors = EnumSet.noneOf(EmojiVendor.class);
        for (EmojiVendor v : EmojiVendor.values()) if (JsonRecords.flag(n, v.imageFlag(), file, where)) vendors.add(v);
        return vendors;
    }

    /** The glyphs that a vendor's image set has (its has_img flag is true), in file order. */
    public List<EmojiRecord> recordsOf(EmojiVendor vendor) {
        return records.stream().filter(r -> r.vendors().contains(vendor)).toList();
    }

    /** Every unified code in the file (bases and variants). */
    public Set<String> unifiedCodes() {
        Set<String> out = new HashSet<>();
        for (EmojiRecord r : records) out.add(r.unified());
        return out;
    }

    /**
     * The categories in CLDR order (by their first emoji's sort order), without {@link #COMPONENT}: Smileys &amp;
     * Emotion, People &amp; Body, Animals &amp; Nature, Food &amp; Drink, Travel &amp; Places, Activities, Objects,
     * Symbols, Flags for emoji-datasource 16.
     */
    public List<String> categories() {
        Map<String, Integer> first = new HashMap<>();
        for (EmojiRecord r : records) first.merge(r.category(), r.sortOrder(), Math::min);
        first.remove(COMPONENT);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        first.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return List.copyOf(ordered.keySet());
    }
}
