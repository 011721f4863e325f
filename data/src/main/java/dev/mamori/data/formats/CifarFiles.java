package dev.mamori.data.formats;

import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary versions of CIFAR-10 and CIFAR-100 (cifar-10-batches-bin, cifar-100-binary). A CIFAR-10 record is one
 * label byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, rows of 32); a CIFAR-100 record has a coarse
 * and a fine label byte before the pixels.
 */
public final class CifarFiles {
    public static final int SIZE = 32;
    public static final int PIXELS = 3 * SIZE * SIZE;
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** Which of the two CIFAR-100 labels becomes the example's label. */
    public enum Cifar100Label { FINE, COARSE }

    private CifarFiles() {}

    /** CIFAR-10 records from the given batch files, in order. */
    public static InMemoryImageDataset readCifar10(List<Path> files, List<String> classes) throws IOException {
        return readRecords(files, 1, 0, classes);
    }

    /** CIFAR-100 records (coarse label byte, fine label byte, pixels) with the chosen label. */
    public static InMemoryImageDataset readCifar100(List<Path> files, Cifar100Label which, List<String> classes) throws IOException {
        return readRecords(files, 2, which == Cifar100Label.COARSE ? 0 : 1, classes);
    }

    /**
     * CIFAR-10 from a cifar-10-batches-bin directory: data_batch_1..5.bin for training, test_batch.bin for testing;
     * class names from batches.meta.txt when present.
     */
    public static InMemoryImageDataset cifar10(Path dir, boolean train) throws IOException {
        List<Path> files = new ArrayList<>();
        if (train) {
            for (int k = 1; k <= 5; k++) files.add(dir.resolve("data_batch_" + k + ".bin"));
        } else {
            files.add(dir.resolve("test_batch.bin"));
        }
        requireAll(files);
        List<String> classes = names(dir.resolve("batches.meta.txt"), CIFAR10_CLASSES);
        return readCifar10(files, classes);
    }

    /**
     * CIFAR-100 from a cifar-100-binary directory (train.bin / test.bin); class names from fine_label_names.txt or
     * coarse_label_names.txt (100 resp. 20 classes; numbered names when the file is missing).
     */
    public static InMemoryImageDataset cifar100(Path dir, boolean train, Cifar100Label which) throws IOException {
        Path file = dir.resolve(train ? "train.bin" : "test.bin");
        requireAll(List.of(file));
        int n = which == Cifar100Label.FINE ? 100 : 20;
        List<String> fallback = new ArrayList<>();
        for (int k = 0; k < n; k++) fallback.add(Integer.toString(k));
        String namesFile = which == Cifar100Label.FINE ? "fine_label_names.txt" : "coarse_label_names.txt";
        return readCifar100(List.of(file), which, names(dir.resolve(namesFile), fallback));
    }

    private static InMemoryImageDataset readRecords(List<Path> files, int labelBytes, int labelIndex, List<String> classes)
            throws IOException {
        int recordSize = labelBytes + PIXELS;
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            if (bytes.length == 0) throw new MalformedDataException(f, 0, "empty file, expected records of " + recordSize + " bytes");
            if (bytes.length % recordSize != 0) {
                long complete = bytes.length / recordSize;
                throw new MalformedDataException(f, complete * recordSize, "truncated record " + complete + ": a record is "
                        + recordSize + " bytes (" + labelBytes + " label byte(s) + " + PIXELS + " pixels) but only "
                        + (bytes.length - complete * recordSize) + " bytes remain");
            }
            contents.add(bytes);
            records += bytes.length / recordSize;
        }
        if (records * PIXELS > Integer.MAX_VALUE) throw new IllegalArgumentException("too many CIFAR records: " + records);
        byte[] pixels = new byte[(int) records * PIXELS];
        int[] labels = new int[(int) records];
        int i = 0;
        for (int k = 0; k < files.size(); k++) {
            byte[] bytes = contents.get(k);
            for (int r = 0; r < bytes.length / recordSize; r++, i++) {
                int offset = r * recordSize;
                for (int b = 0; b < labelBytes; b++) {
                    int v = bytes[offset + b] & 0xFF;
                    int limit = labelBytes == 1 ? classes.size() : (b == 0 ? 20 : 100);
                    if (v >= limit) {
                        String kind = labelBytes == 1 ? "label" : (b == 0 ? "coarse label" : "fine label");
                        throw new MalformedDataException(files.get(k), offset + b, "record " + r + " has " + kind + " " + v
                                + ", outside 0.." + (limit - 1) + "; is this a CIFAR-" + (labelBytes == 1 ? "10" : "100")
                                + " binary file?");
                    }
                }
                labels[i] = bytes[offset + labelIndex] & 0xFF;
                System.arraycopy(bytes, offset + labelBytes, pixels, i * PIXELS, PIXELS);
            }
        }
        return new InMemoryImageDataset(3, SIZE, SIZE, pixels, labels, classes);
    }

    private static void requireAll(List<Path> files) throws NoSuchFileException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new NoSuchFileException(f.toString(), null, "CIFAR batch file is missing");
        }
    }

    private static List<String> names(Path file, List<String> fallback) throws IOException {
        if (!Files.isRegularFile(file)) return fallback;
        List<String> names = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.size() != fallback.size()) {
            throw new MalformedDataException(file, -1, "expected " + fallback.size() + " class names, found " + names.size());
        }
        return names;
    }
}
