package dev.mamori.eval.detection;

import dev.mamori.data.Box;

/**
 * One detection as COCO's results format has it: the image id, the category id, the box in pixels and a score
 * (higher is more confident).
 */
public record Detection(long imageId, int category, Box box, double score) {
    public Detection {
        if (box == null) throw new IllegalArgumentException("a detection needs a box");
        if (!Double.isFinite(score)) throw new IllegalArgumentException("detection score must be finite, got " + score);
    }
}
