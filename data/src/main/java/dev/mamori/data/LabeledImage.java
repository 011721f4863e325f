package dev.mamori.data;

/**
 * An image with a class label: what {@link DataLoader#images} batches. Implementations may carry more (the colour
 * assignment of a coloured MNIST example, the 40 attributes of a CelebA face); {@link #withImage} keeps it.
 */
public interface LabeledImage extends Labeled {

    Image image();

    /** The same example with another image (what an image transform returns). */
    LabeledImage withImage(Image image);
}
