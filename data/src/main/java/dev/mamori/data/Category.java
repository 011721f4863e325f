package dev.mamori.data;

/** A detection category as in COCO: id (not necessarily contiguous), name and optional supercategory. */
public record Category(int id, String name, String supercategory) {
    public Category(int id, String name) {
        this(id, name, "");
    }
}
