package dev.mamori.data.transforms;

import dev.mamori.data.ExampleTransform;
import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An image-to-image function (a torchvision transform). Random transforms draw only from the given generator, so a
 * seeded generator reproduces the result. Transforms never modify their input. Every transform except
 * {@link ToTensor} first upgrades raw 8-bit images to [0, 1] floats, so an explicit ToTensor is optional.
 */
@FunctionalInterface
public interface ImageTransform {

    Image apply(Image image, RandomGenerator rng);

    /** This transform, then {@code next}, with the same generator. */
    default ImageTransform andThen(ImageTransform next) {
        return (image, rng) -> next.apply(apply(image, rng), rng);
    }

    /** The transform applied to the image of a labelled example, keeping the rest of the example. */
    default ExampleTransform<LabeledImage> onExamples() {
        return (example, rng) -> example.withImage(apply(example.image(), rng));
    }

    /** The transforms one after the other (torchvision's Compose). */
    static ImageTransform compose(ImageTransform... transforms) {
        return compose(List.of(transforms));
    }

    static ImageTransform compose(List<? extends ImageTransform> transforms) {
        List<ImageTransform> steps = List.copyOf(transforms);
        return (image, rng) -> {
            Image out = image;
            for (ImageTransform t : steps) out = t.apply(out, rng);
            return out;
        };
    }
}
