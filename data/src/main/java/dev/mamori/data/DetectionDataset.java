package dev.mamori.data;

import java.util.List;

/** A dataset of detection examples that also names its categories (COCO files, synthetic canvases). */
public interface DetectionDataset extends Dataset<DetectionExample> {

    /** The categories that {@link BoxAnnotation#category()} refers to, by id. */
    List<Category> categories();

    /** Category names in the order of {@link #categories()}. */
    @Override
    default List<String> classes() {
        return categories().stream().map(Category::name).toList();
    }
}
