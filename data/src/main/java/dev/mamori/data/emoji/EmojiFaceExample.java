package dev.mamori.data.emoji;

import dev.mamori.data.Captioned;
import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;

/**
 * One rendering of a person or face emoji (emoji-faces) with all its attributes; the label is the view's target
 * attribute. {@code attributes().multiHot()} gives the multi-label target vector.
 */
public record EmojiFaceExample(Image image, int label, EmojiRecord emoji, EmojiVendor vendor, FaceAttributes attributes)
        implements LabeledImage, Captioned {
    @Override
    public EmojiFaceExample withImage(Image newImage) {
        return new EmojiFaceExample(newImage, label, emoji, vendor, attributes);
    }

    @Override
    public String caption() {
        return emoji.caption();
    }
}
