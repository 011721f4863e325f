package dev.mamori.data.emoji;

import java.util.List;

/**
 * One emoji of OpenMoji's data/openmoji.json.
 *
 * @param hexcode    the code points, upper-case hex joined by '-' (also the SVG file name)
 * @param base       the base emoji's hexcode for a skin-tone variant (skintone_base_hexcode), else the hexcode: the
 *                   identity used for splitting
 * @param annotation the CLDR name in words, with modifiers: "man office worker: dark skin tone"
 * @param group      e.g. "people-body", "extras-openmoji" (OpenMoji's own designs)
 * @param skinTones  the modifiers of a variant (two for two-person emoji), empty otherwise
 */
public record OpenmojiRecord(String hexcode, String base, String annotation, String group, String subgroup,
                             List<SkinTone> skinTones) {
    public OpenmojiRecord {
        skinTones = List.copyOf(skinTones);
    }

    public String identity() {
        return base;
    }

    /** The annotation: OpenMoji's names are already CLDR captions with their modifiers. */
    public String caption() {
        return annotation;
    }
}
