package dev.mamori.data.formats;

import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A COCO detection dataset (torchvision's CocoDetection): images from a directory, objects from an annotation file.
 * Examples are ordered by image id; object categories are the file's category ids. Images are decoded on access.
 */
public final class CocoDetection implements DetectionDataset {
    private final Path imageDir;
    private final CocoFile coco;
    private final List<CocoImage> images;
    private final Map<Long, List<BoxAnnotation>> objects = new HashMap<>();
    private final int channels;

    private CocoDetection(Path imageDir, CocoFile coco, int channels) {
        this.imageDir = imageDir;
        this.coco = coco;
        this.channels = channels;
        this.images = coco.images().stream().sorted(Comparator.comparingLong(CocoImage::id)).toList();
        for (CocoAnnotation a : coco.annotations()) {
            objects.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(new BoxAnnotation(a.bbox(), a.categoryId(), a.crowd()));
        }
    }

    /** RGB images from {@code imageDir}, annotations from {@code annotationFile}. */
    public static CocoDetection open(Path imageDir, Path annotationFile) throws IOException {
        return open(imageDir, annotationFile, 3);
    }

    public static CocoDetection open(Path imageDir, Path annotationFile, int channels) throws IOException {
        return new CocoDetection(imageDir, CocoFile.read(annotationFile), channels);
    }

    /** The parsed annotation file. */
    public CocoFile file() {
        return coco;
    }

    /** The image entry of example {@code index}. */
    public CocoImage image(int index) {
        return images.get(Objects.checkIndex(index, images.size()));
    }

    @Override public int size() { return images.size(); }

    /**
     * Example {@code index}: the image decoded (refused over {@link ImageFiles#MAX_PIXELS}, or when its size differs
     * from the annotation file's width and height) and its objects.
     */
    @Override
    public DetectionExample get(int index) {
        CocoImage img = image(index);
        try {
            Path file = imageFile(img);
            var image = ImageFiles.read(file, channels);
            if (image.width() != img.width() || image.height() != img.height()) {
                throw new MalformedDataException(file, -1, "image is " + image.width() + "x" + image.height() + " pixels but the annotation file's"
                        + " images entry " + img.id() + " (fields 'width', 'height') says " + img.width() + "x" + img.height());
            }
            return new DetectionExample(img.id(), image, objects.getOrDefault(img.id(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's file, which must lie inside the image directory (the annotation file's names are checked on reading too). */
    Path imageFile(CocoImage img) throws MalformedDataException {
        Path dir = imageDir.toAbsolutePath().normalize();
        Path file = dir.resolve(img.fileName()).normalize();
        if (!file.startsWith(dir)) {
            throw new MalformedDataException(file, -1, "images entry " + img.id() + " (field 'file_name') leaves the image directory " + dir);
        }
        return file;
    }

    @Override
    public List<Category> categories() {
        return coco.categories();
    }
}
