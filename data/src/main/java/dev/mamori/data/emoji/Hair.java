package dev.mamori.data.emoji;

/**
 * The hair an emoji's name states (Unicode's hair components U+1F9B0..U+1F9B3 and the blond-haired emoji): RED,
 * CURLY, WHITE, BALD, BLOND; UNSPECIFIED when the name says nothing of hair.
 */
public enum Hair {
    RED, CURLY, WHITE, BALD, BLOND, UNSPECIFIED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
