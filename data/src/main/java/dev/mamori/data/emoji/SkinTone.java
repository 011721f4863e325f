package dev.mamori.data.emoji;

/**
 * The five Fitzpatrick-based emoji modifiers (U+1F3FB..U+1F3FF, Unicode TR51) and NONE for the default (yellow or
 * unspecified) rendering. {@link #level()} is 0 for NONE and 1..5 from light to dark; {@link #words()} is the CLDR
 * name used in captions.
 */
public enum SkinTone {
    NONE("", "no skin tone"),
    LIGHT("1F3FB", "light skin tone"),
    MEDIUM_LIGHT("1F3FC", "medium-light skin tone"),
    MEDIUM("1F3FD", "medium skin tone"),
    MEDIUM_DARK("1F3FE", "medium-dark skin tone"),
    DARK("1F3FF", "dark skin tone");

    private final String modifier;
    private final String words;

    SkinTone(String modifier, String words) {
        this.modifier = modifier;
        this.words = words;
    }

    /** 0 (none) to 5 (dark). */
    public int level() {
        return ordinal();
    }

    /** The modifier code point in upper-case hex, empty for NONE. */
    public String modifier() {
        return modifier;
    }

    /** The CLDR name, e.g. "medium-dark skin tone". */
    public String words() {
        return words;
    }

    /** The tone of a modifier code point such as "1F3FE" (case-insensitive). */
    public static SkinTone ofModifier(String hex) {
        for (SkinTone t : values()) if (t != NONE && t.modifier.equalsIgnoreCase(hex)) return t;
        throw new IllegalArgumentException("'" + hex + "' is not a skin tone modifier (1F3FB..1F3FF)");
    }

    /** The tone of a level 0..5. */
    public static SkinTone ofLevel(int level) {
        if (level < 0 || level >= values().length) throw new IllegalArgumentException("skin tone level must be in [0, 5], got " + level);
        return values()[level];
    }
}
