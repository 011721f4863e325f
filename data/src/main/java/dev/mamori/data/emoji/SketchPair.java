package dev.mamori.data.emoji;

import dev.mamori.data.Captioned;
import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;

/**
 * One OpenMoji emoji drawn twice by the same designer (openmoji-sketch): its black line art and its colour
 * rendering, both RGB on white at the same size. {@link #image()} is the colour rendering (so the pairs also serve as
 * a classification set, labelled by OpenMoji group); {@link #lineArt()} the sketch.
 */
public record SketchPair(Image image, Image lineArt, int label, OpenmojiRecord emoji) implements LabeledImage, Captioned {
    /** Replaces the colour rendering. */
    @Override
    public SketchPair withImage(Image newImage) {
        return new SketchPair(newImage, lineArt, label, emoji);
    }

    public SketchPair withLineArt(Image newLineArt) {
        return new SketchPair(image, newLineArt, label, emoji);
    }

    public Image colour() {
        return image;
    }

    @Override
    public String caption() {
        return emoji.caption();
    }
}
