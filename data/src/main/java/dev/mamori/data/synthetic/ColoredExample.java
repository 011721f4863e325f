package dev.mamori.data.synthetic;

import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;

/**
 * A coloured digit or garment with its ground truth: the palette indices of its foreground and background colours
 * (background -1 when the background stays black) and whether each was the class's own colour.
 */
public record ColoredExample(Image image, int label, int foreground, int background,
                             boolean foregroundMatchesClass, boolean backgroundMatchesClass) implements LabeledImage {
    @Override
    public ColoredExample withImage(Image newImage) {
        return new ColoredExample(newImage, label, foreground, background, foregroundMatchesClass, backgroundMatchesClass);
    }
}
