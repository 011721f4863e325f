package dev.mamori.data.formats;

import dev.mamori.data.Dataset;
import dev.mamori.data.ImageExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * torchvision's ImageFolder (the ImageNet layout): root/&lt;class&gt;/**&#47;&lt;image&gt;. Classes are the
 * subdirectory names sorted, labelled 0, 1, ... in that order; images are found recursively and sorted by directory
 * then file name. Images are decoded on access (javax.imageio), as RGB by default.
 */
public final class ImageFolder implements Dataset<ImageExample> {
    /** Extensions javax.imageio decodes out of the box (compared case-insensitively). */
    public static final Set<String> DEFAULT_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final Path root;
    private final List<String> classes;
    private final List<Path> files;
    private final int[] labels;
    private final int channels;

    private ImageFolder(Path root, List<String> classes, List<Path> files, int[] labels, int channels) {
        this.root = root;
        this.classes = classes;
        this.files = files;
        this.labels = labels;
        this.channels = channels;
    }

    /** RGB images with the default extensions. */
    public static ImageFolder open(Path root) throws IOException {
        return open(root, DEFAULT_EXTENSIONS, 3);
    }

    /**
     * @param extensions file name endings to accept, without the dot
     * @param channels   3 for RGB, 1 for grayscale
     */
    public static ImageFolder open(Path root, Set<String> extensions, int channels) throws IOException {
        if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null, "image folder root is not a directory");
        List<String> classes;
        try (Stream<Path> dirs = Files.list(root)) {
            classes = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (classes.isEmpty()) {
            throw new NoSuchFileException(root.toString(), null, "no class directories found (expected root/<class>/<image>)");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            List<Path> found;
            try (Stream<Path> walk = Files.walk(root.resolve(classes.get(label)), FileVisitOption.FOLLOW_LINKS)) {
                found = walk.filter(Files::isRegularFile).filter(p -> hasExtension(p, extensions))
                        .sorted(Comparator.comparing((Path p) -> p.getParent().toString())
                                .thenComparing(p -> p.getFileName().toString()))
                        .toList();
            }
            if (found.isEmpty()) empty.add(classes.get(label));
            files.addAll(found);
            for (int k = 0; k < found.size(); k++) labels.add(label);
        }
        if (!empty.isEmpty()) {
            throw new NoSuchFileException(root.toString(), null, "no image files with extensions " + extensions
                    + " for classes " + empty);
        }
        return new ImageFolder(root, classes, List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray(), channels);
    }

    private static boolean hasExtension(Path p, Set<String> extensions) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && extensions.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).equals(name.substring(dot + 1)));
    }

    public Path root() {
        return root;
    }

    /** The image file of example {@code index}. */
    public Path file(int index) {
        return files.get(Objects.checkIndex(index, files.size()));
    }

    @Override public int size() { return files.size(); }

    /** Decodes the image; a file that cannot be decoded gives an UncheckedIOException naming it. */
    @Override
    public ImageExample get(int index) {
        try {
            return new ImageExample(ImageFiles.read(file(index), channels), labels[index]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int labelAt(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    @Override public List<String> classes() { return classes; }
}
