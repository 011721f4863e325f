package dev.mamori.data;

import java.util.List;

/** An image with the boxes and categories of the objects in it. */
public record DetectionExample(long imageId, Image image, List<BoxAnnotation> objects) {
    public DetectionExample {
        objects = List.copyOf(objects);
    }
}
