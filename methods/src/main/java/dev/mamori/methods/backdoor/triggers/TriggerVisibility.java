package dev.mamori.methods.backdoor.triggers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How much a trigger actually changes a set of images. A stamped trigger only exists where it differs from what it
 * covers: BadNets' white corner square on emoji drawn on white changes nothing, so its "poisoned" images are clean images
 * with a flipped label and no model can learn the backdoor from them. The experiment logs this per dataset and attack
 * so that an attack that did not take can be told apart from one that could not.
 *
 * @param meanAbsoluteChange the mean over all pixel values of |T(x) - x| (pixels in [0, 1])
 * @param unchangedFraction  the fraction of images that no pixel value of changes by half a grey level (0.5/255) or more
 * @param images             how many images were measured
 */
public record TriggerVisibility(double meanAbsoluteChange, double unchangedFraction, int images) {
    /** Half an 8-bit grey level: a change below it does not survive saving the image. */
    public static final double UNCHANGED_BELOW = 0.5 / 255;

    /** Measures {@code trigger} on {@code images} [N, C, H, W] (N > 0). */
    public static TriggerVisibility of(Trigger trigger, INDArray images) {
        if (images.rank() != 4 || images.size(0) == 0) throw new IllegalArgumentException("needs a non-empty batch [N, C, H, W]");
        float[] before = TriggerImages.pixels(images);
        float[] after = TriggerImages.pixels(trigger.apply(images));
        int n = (int) images.size(0), per = before.length / n;
        double sum = 0;
        int unchanged = 0;
        for (int i = 0; i < n; i++) {
            double max = 0;
            for (int j = i * per; j < (i + 1) * per; j++) {
                double d = Math.abs(after[j] - before[j]);
                sum += d;
                max = Math.max(max, d);
            }
            if (max < UNCHANGED_BELOW) unchanged++;
        }
        return new TriggerVisibility(sum / before.length, (double) unchanged / n, n);
    }

    /** E.g. "mean |change| 2.31/255, unchanged on 0.0% of 500 images". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "mean |change| %.2f/255, unchanged on %.1f%% of %d images", 255 * meanAbsoluteChange,
                100 * unchangedFraction, images);
    }
}
