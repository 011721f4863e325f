package dev.mamori.data.formats;

import dev.mamori.data.Box;

/** An entry of a COCO file's "annotations" array (boxes only; segmentations are not read). */
public record CocoAnnotation(long id, long imageId, int categoryId, Box bbox, double area, boolean crowd) {}
