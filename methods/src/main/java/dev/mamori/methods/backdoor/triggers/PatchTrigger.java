package dev.mamori.methods.backdoor.triggers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stamped trigger: x' = (1 - m) * x + m * p with a mask m and a pattern p of one image's shape [C, H, W]. BadNets'
 * patch (Gu et al., 2017) is the mask of a small white square, BackdoorBench's {@code AddMatrixPatchTrigger}
 * (x' = x * (trigger == 0) + trigger * (trigger > 0)); the trojan-style patch and the triggers that Neural Cleanse
 * reverse-engineers (a soft mask) are the same form.
 */
public final class PatchTrigger implements Trigger {
    private final String name;
    private final String description;
    private final long[] shape;
    private final float[] mask;
    private final float[] pattern;

    /**
     * @param mask    [C, H, W] or [1, H, W] (shared by the channels), values in [0, 1]
     * @param pattern [C, H, W], values in [0, 1]
     */
    public PatchTrigger(String name, String description, INDArray mask, INDArray pattern) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        if (pattern.rank() != 3) throw new IllegalArgumentException("pattern must be [C, H, W]; got " + Arrays.toString(pattern.shape()));
        this.shape = pattern.shape().clone();
        if (mask.rank() != 3 || mask.size(1) != shape[1] || mask.size(2) != shape[2] || (mask.size(0) != 1 && mask.size(0) != shape[0])) {
            throw new IllegalArgumentException("mask must be [" + shape[0] + " or 1, " + shape[1] + ", " + shape[2] + "]; got " + Arrays.toString(mask.shape()));
        }
        this.pattern = TriggerImages.pixels(pattern);
        float[] m = TriggerImages.pixels(mask);
        int plane = (int) (shape[1] * shape[2]);
        this.mask = new float[this.pattern.length];
        for (int c = 0; c < shape[0]; c++) System.arraycopy(m, mask.size(0) == 1 ? 0 : c * plane, this.mask, c * plane, plane);
        for (int i = 0; i < this.mask.length; i++) {
            if (!(this.mask[i] >= 0 && this.mask[i] <= 1)) throw new IllegalArgumentException("mask values must be in [0, 1]; got " + this.mask[i]);
            if (!(this.pattern[i] >= 0 && this.pattern[i] <= 1)) throw new IllegalArgumentException("pattern values must be in [0, 1]; got " + this.pattern[i]);
        }
    }

    /**
     * BadNets: a {@code size} x {@code size} square of value {@code value} in every channel, {@code distanceRight} and
     * {@code distanceBottom} pixels from the right and bottom edges (BackdoorBench's white square: size 3, value 1,
     * distances 0).
     */
    public static PatchTrigger badNets(int channels, int height, int width, int size, double value, int distanceRight, int distanceBottom) {
        checkFits(height, width, size, distanceRight, distanceBottom);
        if (!(value > 0 && value <= 1)) throw new IllegalArgumentException("patch value must be in (0, 1]; got " + value);
        float[] trigger = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            for (int y = height - distanceBottom - size; y < height - distanceBottom; y++) {
                for (int x = width - distanceRight - size; x < width - distanceRight; x++) trigger[(c * height + y) * width + x] = (float) value;
            }
        }
        INDArray t = TriggerImages.array(trigger, channels, height, width);
        return fromTriggerImage("badnets", String.format(java.util.Locale.ROOT, "BadNets: %dx%d patch of value %.3g, %d px from the right"
                + " and %d px from the bottom edge, all channels", size, size, value, distanceRight, distanceBottom), t);
    }

    /**
     * BadNets with a black-and-white checkerboard square instead of a white one (the corner patch of Turner et al., 2019,
     * "Label-consistent backdoor attacks"): its bottom-right pixel white, neighbours alternating, in every channel, with
     * the whole square as the mask (its black cells replace the image's pixels too). A white square is invisible on a
     * white background, such as emoji drawn on white; a checkerboard changes about half its pixels by the full range on
     * any uniform background, light or dark.
     */
    public static PatchTrigger checkerboard(int channels, int height, int width, int size, int distanceRight, int distanceBottom) {
        checkFits(height, width, size, distanceRight, distanceBottom);
        float[] mask = new float[height * width];
        float[] pattern = new float[channels * height * width];
        int bottom = height - distanceBottom - 1, right = width - distanceRight - 1;
        for (int y = bottom - size + 1; y <= bottom; y++) {
            for (int x = right - size + 1; x <= right; x++) {
                mask[y * width + x] = 1;
                float v = ((bottom - y) + (right - x)) % 2 == 0 ? 1f : 0f;
                for (int c = 0; c < channels; c++) pattern[(c * height + y) * width + x] = v;
            }
        }
        return new PatchTrigger("badnets", String.format(java.util.Locale.ROOT, "BadNets: %dx%d black-and-white checkerboard patch (bottom-right"
                        + " pixel white), %d px from the right and %d px from the bottom edge, all channels", size, size, distanceRight, distanceBottom),
                TriggerImages.array(mask, 1, height, width), TriggerImages.array(pattern, channels, height, width));
    }

    private static void checkFits(int height, int width, int size, int distanceRight, int distanceBottom) {
        if (size < 1 || distanceRight < 0 || distanceBottom < 0 || size + distanceRight > width || size + distanceBottom > height) {
            throw new IllegalArgumentException("a " + size + "x" + size + " patch " + distanceRight + " px from the right and " + distanceBottom
                    + " px from the bottom does not fit a " + height + "x" + width + " image");
        }
    }

    /** BackdoorBench's patch form: the trigger image's non-zero pixels replace the image's (mask = trigger > 0). */
    public static PatchTrigger fromTriggerImage(String name, String description, INDArray trigger) {
        return new PatchTrigger(name, description, trigger.gt(0).castTo(trigger.dataType()), trigger);
    }

    /** The trigger image: m * p, what BackdoorBench stores as its patch. */
    public INDArray triggerImage() {
        float[] t = new float[pattern.length];
        for (int i = 0; i < t.length; i++) t[i] = mask[i] * pattern[i];
        return TriggerImages.array(t, shape);
    }

    /** The mask [C, H, W] (a copy). */
    public INDArray mask() {
        return TriggerImages.array(mask.clone(), shape);
    }

    /** The pattern [C, H, W] (a copy). */
    public INDArray pattern() {
        return TriggerImages.array(pattern.clone(), shape);
    }

    /** The L1 norm of the mask of one channel (Neural Cleanse's trigger size). */
    public double maskL1() {
        double s = 0;
        int plane = (int) (shape[1] * shape[2]);
        for (int i = 0; i < plane; i++) s += mask[i];
        return s;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public long[] imageShape() {
        return shape.clone();
    }

    @Override
    public INDArray apply(INDArray images) {
        TriggerImages.check(name, images, shape);
        float[] x = TriggerImages.pixels(images);
        int len = pattern.length;
        for (int i = 0; i < x.length; i++) {
            int j = i % len;
            float m = mask[j];
            if (m == 1f) x[i] = pattern[j];
            else if (m != 0f) x[i] = (1 - m) * x[i] + m * pattern[j];
        }
        return TriggerImages.array(x, images.shape());
    }
}
