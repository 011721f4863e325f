package dev.mamori.data.emoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Captions, attribute parsing and view options on records made here (no package needed). */
class EmojiLabelsTest {
    private static EmojiRecord glyph(String unified, String base, String name, String subcategory, SkinTone... tones) {
        return new EmojiRecord(unified, base, name, List.of(), "People & Body", subcategory, 1, unified.toLowerCase() + ".png",
                List.of(tones), Set.of(EmojiVendor.GOOGLE));
    }

    @Test
    void captionsAreTheNameInWordsWithModifiers() {
        assertThat(glyph("1F469-1F3FE-200D-1F9B0", "1F469-200D-1F9B0", "WOMAN: RED HAIR", "person", SkinTone.MEDIUM_DARK).caption())
                .isEqualTo("woman: red hair, medium-dark skin tone");
        assertThat(glyph("1F468-1F3FD-200D-1F4BB", "1F468-200D-1F4BB", "MAN TECHNOLOGIST", "person-role", SkinTone.MEDIUM).caption())
                .isEqualTo("man technologist: medium skin tone");
        assertThat(glyph("1F600", "1F600", "GRINNING FACE", "face-smiling").caption()).isEqualTo("grinning face");
        assertThat(glyph("1F48F-1F3FB", "1F48F", "KISS", "family", SkinTone.LIGHT, SkinTone.LIGHT).caption())
                .isEqualTo("kiss: light skin tone");
    }

    @Test
    void attributesFromNamesCodePointsAndModifiers() {
        Set<String> codes = Set.of("1F935", "1F935-200D-2640-FE0F", "1F935-200D-2642-FE0F");
        EmojiRecord tuxedo = glyph("1F935-1F3FF", "1F935", "MAN IN TUXEDO", "person-role", SkinTone.DARK);
        assertThat(FaceAttributes.parse(tuxedo, false, codes))
                .isEqualTo(new FaceAttributes(SkinTone.DARK, Gender.PERSON, Hair.UNSPECIFIED, false, false));
        assertThat(FaceAttributes.parse(glyph("1F472", "1F472", "MAN WITH GUA PI MAO", "person-role"), false, codes).gender())
                .isEqualTo(Gender.MAN);
        assertThat(FaceAttributes.parse(glyph("1F3C3-200D-2640-FE0F", "1F3C3-200D-2640-FE0F", "WOMAN RUNNING", "person-activity"),
                false, codes).gender()).isEqualTo(Gender.WOMAN);
        assertThat(FaceAttributes.parse(glyph("1F478", "1F478", "PRINCESS", "person-role"), false, codes).gender()).isEqualTo(Gender.WOMAN);
        assertThat(FaceAttributes.parse(glyph("1F9D2", "1F9D2", "CHILD", "person"), false, codes).gender()).isEqualTo(Gender.PERSON);
        FaceAttributes curly = FaceAttributes.parse(glyph("1F468-200D-1F9B1", "1F468-200D-1F9B1", "MAN: CURLY HAIR", "person"), false, codes);
        assertThat(curly.hair()).isEqualTo(Hair.CURLY);
        assertThat(FaceAttributes.parse(glyph("1F469-200D-1F9B3", "1F469-200D-1F9B3", "WOMAN: WHITE HAIR", "person"), false, codes).hair())
                .isEqualTo(Hair.WHITE);
        FaceAttributes face = FaceAttributes.parse(glyph("1F60E", "1F60E", "SMILING FACE WITH SUNGLASSES", "face-glasses"), true, codes);
        assertThat(face).isEqualTo(new FaceAttributes(SkinTone.NONE, Gender.UNSPECIFIED, Hair.UNSPECIFIED, true, false));
        assertThat(FaceAttributes.parse(glyph("1F913", "1F913", "NERD FACE", "face-glasses"), true, codes).eyeglasses())
                .as("drawn with glasses, but the name does not say so").isFalse();
        assertThat(FaceAttributes.parse(glyph("1F9D4", "1F9D4", "BEARDED PERSON", "person"), false, codes).beard()).isTrue();

        float[] hot = curly.multiHot();
        List<String> names = FaceAttributes.multiHotNames();
        assertThat(hot).hasSize(18);
        assertThat(names).hasSize(18);
        for (int i = 0; i < hot.length; i++) {
            boolean on = names.get(i).equals("skin-tone=none") || names.get(i).equals("gender=man") || names.get(i).equals("hair=curly");
            assertThat(hot[i]).as(names.get(i)).isEqualTo(on ? 1f : 0f);
        }
        assertThat(curly.valueOf("hair")).isEqualTo(FaceAttributes.classesOf("hair").indexOf("curly"));
    }

    @Test
    void viewOptionsParseValidateAndNameTheOption() {
        Set<String> all = EmojiViewOptions.DESCRIPTIONS.keySet();
        EmojiViewOptions o = EmojiViewOptions.parse(Map.of("size", "64", "split", "vendor", "vendors", "twitter+google",
                "test-vendor", "twitter"), all, "emoji-category");
        assertThat(o.size()).isEqualTo(64);
        assertThat(o.vendorSplit()).isTrue();
        assertThat(o.vendors()).containsExactly(EmojiVendor.TWITTER, EmojiVendor.GOOGLE);
        assertThat(o.heldOutVendor()).isEqualTo(EmojiVendor.TWITTER);
        assertThat(EmojiViewOptions.defaults().heldOutVendor()).isEqualTo(EmojiVendor.TWITTER);
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("size", "48"), all, "x")).hasMessageContaining("'size'");
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("size", "big"), all, "x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("target", "hair"), Set.of("size"), "emoji-category"))
                .hasMessageContaining("emoji-category has no option 'target'");
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("split", "vendor", "vendors", "google"), all, "x"))
                .hasMessageContaining("at least two vendors");
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("vendors", "samsung"), all, "x")).hasMessageContaining("samsung");
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("test-vendor", "apple"), all, "x")).hasMessageContaining("not one of the vendors");
        assertThatThrownBy(() -> EmojiViewOptions.parse(Map.of("target", "age"), all, "x")).hasMessageContaining("unknown face attribute");
    }
}
