package dev.mamori.data.formats;

import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MNIST-style datasets (MNIST, Fashion-MNIST, KMNIST) from a pair of IDX files: images [N, H, W] and labels [N].
 */
public final class MnistFiles {
    /** torchvision's class names of MNIST. */
    public static final List<String> MNIST_CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");
    /** torchvision's class names of Fashion-MNIST. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private MnistFiles() {}

    /** Reads an image file and a label file into one dataset; every label must index {@code classes}. */
    public static InMemoryImageDataset read(Path imagesFile, Path labelsFile, List<String> classes) throws IOException {
        Idx.Array images = Idx.read(imagesFile);
        Idx.Array labels = Idx.read(labelsFile);
        if (images.dims().length != 3) {
            throw new MalformedDataException(imagesFile, 3, "an image file has 3 dimensions [N, H, W], this one has "
                    + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new MalformedDataException(labelsFile, 3, "a label file has 1 dimension [N], this one has "
                    + Arrays.toString(labels.dims()));
        }
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new MalformedDataException(labelsFile, 4, labels.dims()[0] + " labels but " + imagesFile.getFileName()
                    + " has " + n + " images");
        }
        int[] y = new int[n];
        byte[] raw = labels.data();
        for (int i = 0; i < n; i++) {
            y[i] = raw[i] & 0xFF;
            if (!classes.isEmpty() && y[i] >= classes.size()) {
                throw new MalformedDataException(labelsFile, 8 + i, "label of record " + i + " is " + y[i]
                        + ", outside 0.." + (classes.size() - 1));
            }
        }
        return new InMemoryImageDataset(1, images.dims()[1], images.dims()[2], images.data(), y, classes);
    }

    /**
     * Reads the standard file pair of a directory: train-images-idx3-ubyte / train-labels-idx1-ubyte (train) or
     * t10k-images-idx3-ubyte / t10k-labels-idx1-ubyte (test), each optionally ending in .gz, directly in the directory
     * or in its raw/ subdirectory (torchvision's layout).
     */
    public static InMemoryImageDataset readSplit(Path dir, boolean train, List<String> classes) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix, "images", "idx3").orElseThrow(() -> missing(dir, prefix + "-images-idx3-ubyte"));
        Path labels = find(dir, prefix, "labels", "idx1").orElseThrow(() -> missing(dir, prefix + "-labels-idx1-ubyte"));
        return read(images, labels, classes);
    }

    /** The file of a split, if the directory has it under one of the usual names. */
    public static Optional<Path> find(Path dir, String prefix, String kind, String idxType) {
        for (Path d : List.of(dir, dir.resolve("raw"))) {
            for (String sep : List.of("-", ".")) {
                for (String ext : List.of("", ".gz")) {
                    Path p = d.resolve(prefix + "-" + kind + sep + idxType + "-ubyte" + ext);
                    if (Files.isRegularFile(p)) return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static NoSuchFileException missing(Path dir, String name) {
        return new NoSuchFileException(dir.resolve(name).toString(), null,
                "no " + name + " or " + name + ".gz in " + dir + " (or its raw/ subdirectory)");
    }
}
