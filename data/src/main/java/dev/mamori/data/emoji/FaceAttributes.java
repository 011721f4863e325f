package dev.mamori.data.emoji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Attribute labels of a person or face emoji, parsed from its name, code points and skin-tone modifiers (CelebA-style
 * multi-label targets for emoji). Every attribute has an explicit "not stated" value: skin tone NONE, gender
 * UNSPECIFIED, hair UNSPECIFIED, eyeglasses and beard false.
 *
 * @param eyeglasses true only where the name says so ("smiling face with sunglasses"); a face drawn with glasses but
 *                   not named so ("nerd face") is false
 * @param beard      true where the name says so ("man: beard", "bearded person")
 */
public record FaceAttributes(SkinTone skinTone, Gender gender, Hair hair, boolean eyeglasses, boolean beard) {

    /** The attribute groups, each a target of emoji-faces' {@code target=} option. */
    public static final List<String> TARGETS = List.of("skin-tone", "gender", "hair", "eyeglasses", "beard");

    private static final String FEMALE_SIGN = "2640";
    private static final String MALE_SIGN = "2642";
    private static final Set<String> FEMALE_WORDS = Set.of("WOMAN", "WOMEN", "GIRL", "PRINCESS", "MOTHER", "MERMAID", "FEMALE");
    private static final Set<String> MALE_WORDS = Set.of("MAN", "MEN", "BOY", "PRINCE", "FATHER", "MERMAN", "MALE");

    /**
     * Parses the attributes of a glyph.
     *
     * @param face        true for face emoji (Smileys &amp; Emotion), whose gender is UNSPECIFIED unless stated
     * @param allUnified  every unified code of emoji.json: a base whose "-200D-2640-FE0F" and "-200D-2642-FE0F"
     *                    sequences both exist is Unicode's gender-neutral form (TR51, gender variants), whatever its
     *                    legacy name says ("MAN IN TUXEDO" U+1F935, "WOMAN WITH BUNNY EARS" U+1F46F: PERSON)
     */
    public static FaceAttributes parse(EmojiRecord r, boolean face, Set<String> allUnified) {
        return new FaceAttributes(r.skinTone(), gender(r, face, allUnified), hair(r.name()), words(r.name()).stream()
                .anyMatch(w -> w.endsWith("GLASSES")), words(r.name()).stream().anyMatch(w -> w.startsWith("BEARD")));
    }

    static Gender gender(EmojiRecord r, boolean face, Set<String> allUnified) {
        List<String> codes = List.of(r.base().split("-"));
        boolean female = codes.contains(FEMALE_SIGN), male = codes.contains(MALE_SIGN);
        if (female != male) return female ? Gender.WOMAN : Gender.MAN;
        if (allUnified.contains(r.base() + "-200D-2640-FE0F") && allUnified.contains(r.base() + "-200D-2642-FE0F")) {
            return Gender.PERSON;
        }
        List<String> words = words(r.name());
        boolean woman = words.stream().anyMatch(FEMALE_WORDS::contains), man = words.stream().anyMatch(MALE_WORDS::contains);
        if (woman != man) return woman ? Gender.WOMAN : Gender.MAN;
        return face ? Gender.UNSPECIFIED : Gender.PERSON;
    }

    static Hair hair(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.contains("RED HAIR")) return Hair.RED;
        if (n.contains("CURLY HAIR")) return Hair.CURLY;
        if (n.contains("WHITE HAIR")) return Hair.WHITE;
        if (words(n).contains("BALD")) return Hair.BALD;
        if (words(n).contains("BLOND")) return Hair.BLOND;
        return Hair.UNSPECIFIED;
    }

    private static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        for (String w : name.toUpperCase(Locale.ROOT).split("[^A-Z]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /** The class names of one target, indexed by {@link #valueOf}. */
    public static List<String> classesOf(String target) {
        return switch (target) {
            case "skin-tone" -> java.util.Arrays.stream(SkinTone.values()).map(t -> t == SkinTone.NONE ? "none" : t.words()).toList();
            case "gender" -> java.util.Arrays.stream(Gender.values()).map(Gender::id).toList();
            case "hair" -> java.util.Arrays.stream(Hair.values()).map(Hair::id).toList();
            case "eyeglasses" -> List.of("no eyeglasses", "eyeglasses");
            case "beard" -> List.of("no beard", "beard");
            default -> throw new IllegalArgumentException("unknown face attribute '" + target + "'; known: " + TARGETS);
        };
    }

    /** The value of one target as a class index. */
    public int valueOf(String target) {
        return switch (target) {
            case "skin-tone" -> skinTone.level();
            case "gender" -> gender.ordinal();
            case "hair" -> hair.ordinal();
            case "eyeglasses" -> eyeglasses ? 1 : 0;
            case "beard" -> beard ? 1 : 0;
            default -> throw new IllegalArgumentException("unknown face attribute '" + target + "'; known: " + TARGETS);
        };
    }

    /** The names of the {@link #multiHot()} columns: "skin-tone=none", ..., "gender=man", ..., "eyeglasses", "beard". */
    public static List<String> multiHotNames() {
        List<String> out = new ArrayList<>();
        for (String t : List.of("skin-tone", "gender", "hair")) for (String c : classesOf(t)) out.add(t + "=" + c);
        out.add("eyeglasses");
        out.add("beard");
        return out;
    }

    /** One-hot skin tone (6), gender (4) and hair (6), then eyeglasses and beard: 18 values of 0 or 1. */
    public float[] multiHot() {
        float[] out = new float[multiHotNames().size()];
        out[skinTone.level()] = 1;
        out[SkinTone.values().length + gender.ordinal()] = 1;
        out[SkinTone.values().length + Gender.values().length + hair.ordinal()] = 1;
        out[out.length - 2] = eyeglasses ? 1 : 0;
        out[out.length - 1] = beard ? 1 : 0;
        return out;
    }
}
