package dev.mamori.data.synthetic;

import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.formats.CocoAnnotation;
import dev.mamori.data.formats.CocoFile;
import dev.mamori.data.formats.CocoImage;
import dev.mamori.data.formats.ImageFiles;

import dev.mamori.nn.util.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a detection dataset as COCO: {@code dir/images/<image id, 6 digits>.png} (lossless: 8-bit images read back
 * exactly) and {@code dir/annotations.json} with areas = box areas and annotation ids from 1. The COCO reader
 * ({@link dev.mamori.data.formats.CocoDetection}) opens the result like any user's COCO data.
 */
public final class CocoExport {
    private CocoExport() {}

    /** The file that says what an export directory holds; written last, so its presence means the export is complete. */
    public static final String KEY_FILE = "EXPORT_KEY";

    /**
     * An export of {@code dataset} in {@code dir}, made now unless {@code dir} already holds a complete export for
     * {@code key} (a text saying exactly what the dataset is: generator, options, source versions). A new export is
     * written to a temporary sibling directory and moved into place, so a reader never sees half of one.
     *
     * @return {@code dir}
     */
    public static Path cached(DetectionDataset dataset, Path dir, String key, PrintStream log) throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.isRegularFile(keyFile) && Files.readString(keyFile, StandardCharsets.UTF_8).equals(key)) return dir;
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
        try {
            try (Progress progress = Progress.plain("exporting " + dataset.size() + " images as COCO to " + dir, dataset.size(), log)) {
                write(dataset, tmp, progress);
            }
            Files.writeString(tmp.resolve(KEY_FILE), key, StandardCharsets.UTF_8);
            if (Files.exists(dir)) deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Writes every example; returns the annotation file that was written. */
    public static CocoFile write(DetectionDataset dataset, Path dir) throws IOException {
        return write(dataset, dir, null);
    }

    private static CocoFile write(DetectionDataset dataset, Path dir, Progress progress) throws IOException {
        List<CocoImage> images = new ArrayList<>();
        List<CocoAnnotation> annotations = new ArrayList<>();
        long annotationId = 1;
        for (int i = 0; i < dataset.size(); i++) {
            DetectionExample ex = dataset.get(i);
            String name = String.format("%06d.png", ex.imageId());
            ImageFiles.writePng(ex.image(), dir.resolve("images").resolve(name));
            images.add(new CocoImage(ex.imageId(), name, ex.image().width(), ex.image().height()));
            for (BoxAnnotation a : ex.objects()) {
                annotations.add(new CocoAnnotation(annotationId++, ex.imageId(), a.category(), a.box(), a.box().area(), a.crowd()));
            }
            if (progress != null) progress.step();
        }
        CocoFile coco = new CocoFile(images, annotations, dataset.categories());
        coco.write(dir.resolve("annotations.json"));
        return coco;
    }
}
