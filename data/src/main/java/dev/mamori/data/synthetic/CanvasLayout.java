package dev.mamori.data.synthetic;

import dev.mamori.data.Box;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Placement of objects pasted onto a detection canvas, shared by the synthetic canvas datasets: a square patch goes to
 * a uniformly drawn position where its tight box overlaps every box placed before by at most a given IoU; after
 * {@link #ATTEMPTS} rejected draws the object is left out. Tight boxes come from a patch's coverage (pixel values or
 * alpha) above a threshold.
 */
public final class CanvasLayout {
    /** Positions tried per object before it is left out. */
    public static final int ATTEMPTS = 50;

    private CanvasLayout() {}

    /**
     * The tight box [x1, y1, x2, y2) of the cells of a row-major h x w coverage map whose value exceeds
     * {@code threshold}, or null when there are none.
     */
    public static int[] tightBox(float[] coverage, int offset, int height, int width, float threshold) {
        int x1 = width, y1 = height, x2 = -1, y2 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (coverage[offset + y * width + x] > threshold) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x);
                    y2 = Math.max(y2, y);
                }
            }
        }
        return x2 < 0 ? null : new int[]{x1, y1, x2 + 1, y2 + 1};
    }

    /** A placed patch: its top-left corner on the canvas and the object's box. */
    public record Placement(int x, int y, Box box) {}

    /**
     * Draws positions (x then y, each uniform in [0, canvas - side]) for a side x side patch until its box overlaps no
     * placed box by more than {@code maxIou}; null after {@link #ATTEMPTS} draws.
     *
     * @param tight the object's tight box inside the patch [x1, y1, x2, y2), or null for the whole patch
     */
    public static Placement place(SplittableRandom rng, int canvas, int side, int[] tight, List<Box> placed, double maxIou) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int x = rng.nextInt(canvas - side + 1), y = rng.nextInt(canvas - side + 1);
            Box box = tight != null ? new Box(x + tight[0], y + tight[1], tight[2] - tight[0], tight[3] - tight[1]) : new Box(x, y, side, side);
            if (placed.stream().allMatch(p -> p.iou(box) <= maxIou)) return new Placement(x, y, box);
        }
        return null;
    }
}
