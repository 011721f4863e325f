package dev.mamori.data.formats;

import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CelebA (aligned and cropped faces): root/img_align_celeba/*.jpg, root/list_attr_celeba.txt (a count, the 40
 * attribute names, then one line per image: file name and 40 values of -1 or 1) and root/list_eval_partition.txt
 * (file name and 0 = train, 1 = valid, 2 = test). {@code root} may also be the parent of a celeba/ directory
 * (torchvision's layout). Images are decoded on access.
 */
public final class CelebA implements Dataset<CelebAExample> {
    public static final int ATTRIBUTES = 40;

    /** The official partitions; ALL is their union. */
    public enum Split {
        TRAIN(0), VALID(1), TEST(2), ALL(-1);

        final int code;

        Split(int code) {
            this.code = code;
        }
    }

    private final Path imageDir;
    private final List<String> attributeNames;
    private final List<String> files;
    private final byte[] attributes; // files.size() * 40 values of 0/1
    private final int target;        // index of the attribute used as label, or -1

    private CelebA(Path imageDir, List<String> attributeNames, List<String> files, byte[] attributes, int target) {
        this.imageDir = imageDir;
        this.attributeNames = attributeNames;
        this.files = files;
        this.attributes = attributes;
        this.target = target;
    }

    /** The images of a split, with no target attribute (labels are -1). */
    public static CelebA load(Path root, Split split) throws IOException {
        return load(root, split, null);
    }

    /** The images of a split, labelled by one attribute (e.g. "Smiling": label 1 when the face smiles). */
    public static CelebA load(Path root, Split split, String targetAttribute) throws IOException {
        Path dir = Files.isRegularFile(root.resolve("list_attr_celeba.txt")) || !Files.isDirectory(root.resolve("celeba"))
                ? root : root.resolve("celeba");
        Path attrFile = require(dir.resolve("list_attr_celeba.txt"));
        Path partitionFile = require(dir.resolve("list_eval_partition.txt"));
        Path imageDir = dir.resolve("img_align_celeba");
        if (!Files.isDirectory(imageDir)) throw new NoSuchFileException(imageDir.toString(), null, "CelebA image directory is missing");

        Map<String, Integer> partition = readPartition(partitionFile);
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        byte[] attrs;
        try (BufferedReader in = Files.newBufferedReader(attrFile, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            int count;
            try {
                count = Integer.parseInt(first == null ? "" : first.strip());
            } catch (NumberFormatException e) {
                throw MalformedDataException.atLine(attrFile, 1, "expected the number of images, found '" + first + "'");
            }
            String header = in.readLine();
            if (header == null) throw MalformedDataException.atLine(attrFile, 2, "file ends before the attribute names");
            names.addAll(Arrays.asList(header.strip().split("\\s+")));
            if (names.size() != ATTRIBUTES) {
                throw MalformedDataException.atLine(attrFile, 2, "expected " + ATTRIBUTES + " attribute names, found " + names.size());
            }
            attrs = new byte[count * ATTRIBUTES];
            int kept = 0;
            for (int r = 0; r < count; r++) {
                long line = r + 3;
                String text = in.readLine();
                if (text == null) {
                    throw MalformedDataException.atLine(attrFile, line, "file ends after " + r + " of the " + count
                            + " images announced on line 1 (truncated?)");
                }
                String[] parts = text.strip().split("\\s+");
                if (parts.length != ATTRIBUTES + 1) {
                    throw MalformedDataException.atLine(attrFile, line, "expected a file name and " + ATTRIBUTES
                            + " values, found " + parts.length + " fields");
                }
                Integer part = partition.get(parts[0]);
                if (part == null) {
                    throw MalformedDataException.atLine(attrFile, line, parts[0] + " is not listed in " + partitionFile.getFileName());
                }
                if (split != Split.ALL && part != split.code) continue;
                for (int a = 0; a < ATTRIBUTES; a++) {
                    String v = parts[a + 1];
                    if (!v.equals("1") && !v.equals("-1")) {
                        throw MalformedDataException.atLine(attrFile, line, "attribute " + names.get(a) + " of " + parts[0]
                                + " is '" + v + "', expected -1 or 1");
                    }
                    attrs[kept * ATTRIBUTES + a] = (byte) (v.equals("1") ? 1 : 0);
                }
                files.add(parts[0]);
                kept++;
            }
            attrs = Arrays.copyOf(attrs, kept * ATTRIBUTES);
        }
        int target = -1;
        if (targetAttribute != null) {
            target = names.indexOf(targetAttribute);
            if (target < 0) throw new IllegalArgumentException("unknown CelebA attribute '" + targetAttribute + "'; known: " + names);
        }
        return new CelebA(imageDir, List.copyOf(names), List.copyOf(files), attrs, target);
    }

    private static Map<String, Integer> readPartition(Path file) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                String[] parts = text.strip().split("\\s+");
                if (parts.length != 2 || !(parts[1].equals("0") || parts[1].equals("1") || parts[1].equals("2"))) {
                    throw MalformedDataException.atLine(file, line, "expected '<file name> <0|1|2>', found '" + text + "'");
                }
                out.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return out;
    }

    private static Path require(Path file) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "CelebA annotation file is missing");
        return file;
    }

    /** The 40 attribute names in file order. */
    public List<String> attributeNames() {
        return attributeNames;
    }

    /** The image file name of example {@code index}. */
    public String fileName(int index) {
        return files.get(Objects.checkIndex(index, files.size()));
    }

    /** The 40 attributes of example {@code index} as 0/1, without decoding the image. */
    public int[] attributesAt(int index) {
        Objects.checkIndex(index, files.size());
        int[] out = new int[ATTRIBUTES];
        for (int a = 0; a < ATTRIBUTES; a++) out[a] = attributes[index * ATTRIBUTES + a];
        return out;
    }

    @Override public int size() { return files.size(); }

    @Override
    public CelebAExample get(int index) {
        try {
            return new CelebAExample(ImageFiles.read(imageDir.resolve(fileName(index)), 3), files.get(index),
                    attributesAt(index), labelAt(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int labelAt(int index) {
        Objects.checkIndex(index, files.size());
        return target < 0 ? -1 : attributes[index * ATTRIBUTES + target];
    }

    /** ["not &lt;target&gt;", "&lt;target&gt;"] when a target attribute was chosen, else empty. */
    @Override
    public List<String> classes() {
        return target < 0 ? List.of() : List.of("not " + attributeNames.get(target), attributeNames.get(target));
    }
}
