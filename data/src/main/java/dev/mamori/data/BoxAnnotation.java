package dev.mamori.data;

/**
 * One object of a detection example: its box, its category id (a COCO category id, see
 * {@link DetectionDataset#categories()}) and whether it is a COCO "crowd" region (usually ignored in training).
 */
public record BoxAnnotation(Box box, int category, boolean crowd) {
    public BoxAnnotation(Box box, int category) {
        this(box, category, false);
    }
}
