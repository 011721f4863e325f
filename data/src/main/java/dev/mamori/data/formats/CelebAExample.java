package dev.mamori.data.formats;

import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;

/**
 * A CelebA face: the image, its file name, the 40 binary attributes (0/1 as torchvision's "attr" target, in the
 * order of {@link CelebA#attributeNames()}) and the label: the value of the dataset's target attribute, or -1 when
 * none was chosen.
 */
public record CelebAExample(Image image, String fileName, int[] attributes, int label) implements LabeledImage {
    @Override
    public CelebAExample withImage(Image newImage) {
        return new CelebAExample(newImage, fileName, attributes, label);
    }
}
