package dev.mamori.data.formats;

import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.ByteImage;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A COCO detection dataset (torchvision's CocoDetection): images from a directory, objects from an annotation file.
 * Examples are ordered by image id; object categories are the file's category ids. Opening checks that every image
 * file exists (a missing one is an error naming it and its entry); images are decoded on access, and one whose pixel
 * size differs from what the file declares is an error.
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
        CocoFile coco = CocoFile.read(annotationFile);
        for (int i = 0; i < coco.images().size(); i++) {
            CocoImage img = coco.images().get(i);
            if (!Files.isRegularFile(imageDir.resolve(img.fileName()))) {
                throw new MalformedDataException(annotationFile, -1, "images[" + i + "] (id " + img.id() + "): file '" + img.fileName()
                        + "' is missing from " + imageDir);
            }
        }
        return new CocoDetection(imageDir, coco, channels);
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
        Path file = imageDir.resolve(img.fileName());
        try {
            file = imageFile(img);
            ByteImage pixels = ImageFiles.read(file, channels);
            if (pixels.width() != img.width() || pixels.height() != img.height()) {
                throw new MalformedDataException(file, -1, "image is " + pixels.width() + "x" + pixels.height() + " pixels but its entry (id "
                        + img.id() + ") in the annotation file says " + img.width() + "x" + img.height());
            }
            return new DetectionExample(img.id(), pixels, objects.getOrDefault(img.id(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
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
