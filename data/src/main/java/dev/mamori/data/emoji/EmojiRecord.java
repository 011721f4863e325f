package dev.mamori.data.emoji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One emoji glyph of emoji.json: a base emoji or one of its skin-tone variants (an entry of skin_variations), with
 * what emoji.json says of it.
 *
 * @param unified     the code points in upper-case hex joined by '-', e.g. "1F469-1F3FE-200D-1F9B0"
 * @param base        the unified code of the base emoji; equal to {@code unified} for a base emoji. All variants of
 *                    one base are one identity: they fall in the same split
 * @param name        emoji.json's name, e.g. "WOMAN: RED HAIR" (Unicode or CLDR style, upper case)
 * @param category    e.g. "People &amp; Body"
 * @param subcategory e.g. "person"
 * @param sortOrder   the CLDR ordering of the base emoji
 * @param image       the PNG file name inside each vendor's img/&lt;vendor&gt;/64/ folder
 * @param skinTones   the modifiers of a variant in order (two for two-person emoji); empty for a base emoji
 * @param vendors     the image sets that have this glyph (the has_img_&lt;vendor&gt; flags)
 */
public record EmojiRecord(String unified, String base, String name, List<String> shortNames, String category,
                          String subcategory, int sortOrder, String image, List<SkinTone> skinTones,
                          Set<EmojiVendor> vendors) {

    public EmojiRecord {
        shortNames = List.copyOf(shortNames);
        skinTones = List.copyOf(skinTones);
        vendors = Set.copyOf(vendors);
    }

    /** The identity used for splitting: the base emoji. */
    public String identity() {
        return base;
    }

    public boolean isVariant() {
        return !skinTones.isEmpty();
    }

    /** The single skin tone of the glyph: NONE for a base emoji, the first modifier of a variant. */
    public SkinTone skinTone() {
        return skinTones.isEmpty() ? SkinTone.NONE : skinTones.get(0);
    }

    /**
     * The emoji's name in words with its modifiers, in CLDR's style: "woman: red hair, medium-dark skin tone", "man
     * technologist: medium skin tone", "grinning face". A modifier repeated for both people of a two-person emoji is
     * said once ("kiss: man, man, light skin tone").
     */
    public String caption() {
        String words = name.toLowerCase(Locale.ROOT);
        if (skinTones.isEmpty()) return words;
        List<String> tones = new ArrayList<>();
        for (SkinTone t : skinTones) if (!tones.contains(t.words())) tones.add(t.words());
        return words + (words.contains(":") ? ", " : ": ") + String.join(", ", tones);
    }
}
