package dev.mamori.data.emoji;

import dev.mamori.data.Captioned;
import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;

/**
 * One rendering of an emoji (emoji-category): the image, its class (the category's index), the glyph and the vendor
 * that drew it. {@link #caption()} is the emoji's name in words, for text conditioning.
 */
public record EmojiExample(Image image, int label, EmojiRecord emoji, EmojiVendor vendor) implements LabeledImage, Captioned {
    @Override
    public EmojiExample withImage(Image newImage) {
        return new EmojiExample(newImage, label, emoji, vendor);
    }

    /** "woman: red hair, medium-dark skin tone". */
    @Override
    public String caption() {
        return emoji.caption();
    }
}
