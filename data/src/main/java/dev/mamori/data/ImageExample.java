package dev.mamori.data;

/** The plain classification example: an image and its class. */
public record ImageExample(Image image, int label) implements LabeledImage {
    @Override
    public ImageExample withImage(Image newImage) {
        return new ImageExample(newImage, label);
    }
}
