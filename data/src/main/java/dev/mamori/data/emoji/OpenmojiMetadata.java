package dev.mamori.data.emoji;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenMoji (npm package openmoji): data/openmoji.json, one record per emoji, whose colour and black line-art
 * drawings are color/svg/&lt;hexcode&gt;.svg and black/svg/&lt;hexcode&gt;.svg. Licence: CC BY-SA 4.0.
 *
 * @param version the package version (package.json), part of the cache key
 */
public record OpenmojiMetadata(Path packageDir, String version, List<OpenmojiRecord> records) {
    public static final String PACKAGE = "openmoji";
    public static final String LICENCE = "CC BY-SA 4.0 (OpenMoji; attribution and share-alike)";
    /** OpenMoji's group of skin-tone swatches and hair components, which are parts rather than emoji. */
    public static final String COMPONENT = "component";

    private static final Pattern HEXCODE = Pattern.compile("[0-9A-F]{2,6}(-[0-9A-F]{2,6}){0,15}");
    private static final Pattern TONES = Pattern.compile("[1-5](,[1-5])?");

    public OpenmojiMetadata {
        records = List.copyOf(records);
    }

    public static Path packageDir(Path npmPrefix) {
        return npmPrefix.resolve("node_modules").resolve(PACKAGE);
    }

    /** Reads &lt;prefix&gt;/node_modules/openmoji/data/openmoji.json and the package version. */
    public static OpenmojiMetadata read(Path npmPrefix) throws IOException {
        Path dir = packageDir(npmPrefix);
        Path file = dir.resolve("data").resolve("openmoji.json");
        JsonNode root = JsonRecords.read(file, "OpenMoji metadata is missing; run: npm install --prefix " + npmPrefix + " " + PACKAGE);
        String version = JsonRecords.packageVersion(dir);
        if (!root.isArray()) throw new MalformedDataException(file, 0, "expected a JSON array of emoji records");
        List<OpenmojiRecord> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = "record " + i;
            if (!n.isObject()) throw new MalformedDataException(file, -1, where + " is not a JSON object");
            String hex = JsonRecords.text(n, "hexcode", file, where, HEXCODE);
            where = "record " + i + " (" + hex + ")";
            String annotation = JsonRecords.text(n, "annotation", file, where);
            String group = JsonRecords.text(n, "group", file, where);
            String subgroup = JsonRecords.text(n, "subgroups", file, where);
            String baseHex = JsonRecords.text(n, "skintone_base_hexcode", file, where);
            if (!baseHex.isEmpty() && !HEXCODE.matcher(baseHex).matches()) {
                throw new MalformedDataException(file, -1, where + ": field 'skintone_base_hexcode' is '" + baseHex + "', expected a hexcode");
            }
            JsonNode tone = n.get("skintone");
            String toneText = tone == null ? null : tone.isIntegralNumber() ? tone.asText() : tone.isTextual() ? tone.asText() : null;
            if (toneText == null || !(toneText.isEmpty() || TONES.matcher(toneText).matches())) {
                throw new MalformedDataException(file, -1, where + ": field 'skintone' is " + tone + ", expected \"\", 1..5 or \"a,b\"");
            }
            List<SkinTone> tones = new ArrayList<>();
            if (!toneText.isEmpty()) for (String t : toneText.split(",")) tones.add(SkinTone.ofLevel(Integer.parseInt(t)));
            if (!seen.add(hex)) throw new MalformedDataException(file, -1, where + ": hexcode appears twice");
            out.add(new OpenmojiRecord(hex, baseHex.isEmpty() ? hex : baseHex, annotation, group, subgroup, tones));
        }
        return new OpenmojiMetadata(dir, version, out);
    }

    /** The groups in order of first appearance, without {@link #COMPONENT}. */
    public List<String> groups() {
        Set<String> out = new LinkedHashSet<>();
        for (OpenmojiRecord r : records) if (!r.group().equals(COMPONENT)) out.add(r.group());
        return List.copyOf(out);
    }

    public Path colourSvg(OpenmojiRecord r) {
        return packageDir.resolve("color").resolve("svg").resolve(r.hexcode() + ".svg");
    }

    public Path lineArtSvg(OpenmojiRecord r) {
        return packageDir.resolve("black").resolve("svg").resolve(r.hexcode() + ".svg");
    }
}
