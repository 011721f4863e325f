package dev.mamori.eval.detection;

import dev.mamori.data.Box;
import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.formats.CocoAnnotation;
import dev.mamori.data.formats.CocoFile;
import dev.mamori.data.formats.CocoImage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a COCO-style evaluation compares detections with: every image id (images without objects count: detections
 * on them are false positives), every category id, and the annotated objects.
 *
 * @param imageIds   the evaluated images (pycocotools' params.imgIds: all images of the annotation file)
 * @param categories the evaluated category ids (params.catIds)
 * @param objects    the annotations
 */
public record GroundTruth(List<Long> imageIds, List<Integer> categories, List<Instance> objects) {

    /**
     * One annotated object.
     *
     * @param area  the annotation's area, which decides small / medium / large (COCO files give the segmentation's
     *              area; boxes alone give width * height)
     * @param crowd a crowd region: never a false negative, and a detection on it is neither right nor wrong
     */
    public record Instance(long imageId, int category, Box box, double area, boolean crowd) {}

    public GroundTruth {
        imageIds = List.copyOf(new TreeSet<>(imageIds));
        categories = List.copyOf(new TreeSet<>(categories));
        objects = List.copyOf(objects);
        java.util.Set<Long> images = new java.util.HashSet<>(imageIds);
        java.util.Set<Integer> cats = new java.util.HashSet<>(categories);
        for (Instance o : objects) {
            if (!images.contains(o.imageId())) throw new IllegalArgumentException("object of image " + o.imageId() + ", which is not an evaluated image");
            if (!cats.contains(o.category())) throw new IllegalArgumentException("object of category " + o.category() + ", which is not an evaluated category");
        }
    }

    /** The annotation file's images, categories and annotations (areas as written in the file). */
    public static GroundTruth of(CocoFile file) {
        List<Instance> objects = new ArrayList<>();
        for (CocoAnnotation a : file.annotations()) objects.add(new Instance(a.imageId(), a.categoryId(), a.bbox(), a.area(), a.crowd()));
        return new GroundTruth(file.images().stream().map(CocoImage::id).toList(), file.categories().stream().map(Category::id).toList(), objects);
    }

    /** Every example of a detection dataset (areas are box areas). Reads each example once. */
    public static GroundTruth of(DetectionDataset dataset) {
        List<Long> ids = new ArrayList<>();
        List<Instance> objects = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            DetectionExample e = dataset.get(i);
            ids.add(e.imageId());
            for (BoxAnnotation a : e.objects()) objects.add(new Instance(e.imageId(), a.category(), a.box(), a.box().area(), a.crowd()));
        }
        return new GroundTruth(ids, dataset.categories().stream().map(Category::id).toList(), objects);
    }
}
