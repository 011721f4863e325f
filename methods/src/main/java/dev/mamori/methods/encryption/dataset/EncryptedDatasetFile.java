package dev.mamori.methods.encryption.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.ByteImage;
import dev.mamori.data.Dataset;
import dev.mamori.data.FloatImage;
import dev.mamori.data.ImageExample;
import dev.mamori.data.LabeledImage;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An encrypted dataset split on disk, as the data owner shares it: one safetensors file (readable by any safetensors
 * reader) with {@code images} [N, C', H', W'] (U8 when the encoding keeps 8-bit values, else F32) and {@code labels}
 * [N] (I64), and metadata naming the format, the scheme, the key's fingerprint (never the key), the source dataset and
 * split, the class names and the batch size the encoder saw.
 *
 * <p>{@link #writer} streams: the header is written first (N is known), then batch after batch of images; only the
 * labels (N integers) are held until the end. {@link #open} reads the header and labels and serves images one at a
 * time by positional reads, so neither side ever holds the whole split. A file that is not one of these, is truncated,
 * or whose labels are out of range is an error naming the file and what is wrong.
 */
public final class EncryptedDatasetFile implements Dataset<LabeledImage>, Closeable {
    public static final String FORMAT = "mamori-encrypted-dataset-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the file says about itself (from its metadata). */
    public record Info(String scheme, String keyFingerprint, String dataset, String split, List<String> classes, int encodeBatchSize,
                       long[] imageShape, boolean bytes) {}

    private final Path file;
    private final FileChannel channel;
    private final Info info;
    private final int[] labels;
    private final long imagesStart;
    private final int recordBytes;
    private final int[] shape;

    private EncryptedDatasetFile(Path file, FileChannel channel, Info info, int[] labels, long imagesStart, int recordBytes) {
        this.file = file;
        this.channel = channel;
        this.info = info;
        this.labels = labels;
        this.imagesStart = imagesStart;
        this.recordBytes = recordBytes;
        this.shape = Arrays.stream(info.imageShape()).mapToInt(Math::toIntExact).toArray();
    }

    // ------------------------------------------------------------------ reading

    /** Opens a file written by {@link #writer}; close it when done. */
    public static EncryptedDatasetFile open(Path file) throws IOException {
        List<SafeTensors.Entry> entries = SafeTensors.entries(file); // validates offsets, sizes and coverage
        Map<String, String> meta = metadata(file);
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": metadata field 'format' is " + meta.get("format") + "; expected " + FORMAT + " (a file written by mamori encrypt)");
        }
        SafeTensors.Entry images = entry(file, entries, "images"), labelEntry = entry(file, entries, "labels");
        if (images.shape().length != 4) throw new IOException(file + ": tensor 'images' must be [N, C, H, W]; got " + Arrays.toString(images.shape()));
        if (labelEntry.shape().length != 1 || labelEntry.shape()[0] != images.shape()[0]) {
            throw new IOException(file + ": tensor 'labels' must be [N] with N = " + images.shape()[0] + "; got " + Arrays.toString(labelEntry.shape()));
        }
        boolean bytes = switch (images.dtype()) {
            case U8 -> true;
            case F32 -> false;
            default -> throw new IOException(file + ": tensor 'images' must be U8 or F32; got " + images.dtype());
        };
        if (labelEntry.dtype() != dev.mamori.nn.io.SafeTensorsDType.I64) throw new IOException(file + ": tensor 'labels' must be I64; got " + labelEntry.dtype());
        List<String> classes;
        int batch;
        try {
            classes = JSON.readValue(require(file, meta, "classes"), new TypeReference<List<String>>() {});
            batch = Integer.parseInt(require(file, meta, "encode_batch_size"));
        } catch (IOException | NumberFormatException e) {
            throw new IOException(file + ": metadata field 'classes' or 'encode_batch_size' is malformed: " + e.getMessage());
        }
        long n = images.shape()[0];
        long[] imageShape = Arrays.copyOfRange(images.shape(), 1, 4);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long dataStart = 8 + headerLength(ch, file);
            ByteBuffer lb = ByteBuffer.allocate(Math.toIntExact(labelEntry.end() - labelEntry.begin())).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lb, dataStart + labelEntry.begin());
            lb.flip();
            int[] labels = new int[Math.toIntExact(n)];
            for (int i = 0; i < labels.length; i++) {
                long v = lb.getLong();
                if (v < 0 || v >= classes.size()) {
                    throw new IOException(file + ": label of example " + i + " is " + v + "; expected 0.." + (classes.size() - 1) + " (" + classes.size() + " classes)");
                }
                labels[i] = (int) v;
            }
            int record = Math.toIntExact(imageShape[0] * imageShape[1] * imageShape[2] * (bytes ? 1 : 4));
            Info info = new Info(require(file, meta, "scheme"), require(file, meta, "key_fingerprint"), meta.getOrDefault("dataset", ""),
                    meta.getOrDefault("split", ""), List.copyOf(classes), batch, imageShape, bytes);
            return new EncryptedDatasetFile(file, ch, info, labels, dataStart + images.begin(), record);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Info info() {
        return info;
    }

    public Path file() {
        return file;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classes() {
        return info.classes();
    }

    @Override
    public int labelAt(int index) {
        return labels[index];
    }

    /** Image {@code index}, read from disk (U8 as a {@link ByteImage}, F32 as a {@link FloatImage}). Thread-safe. */
    @Override
    public LabeledImage get(int index) {
        if (index < 0 || index >= labels.length) throw new IndexOutOfBoundsException("index " + index + " of " + labels.length + " in " + file);
        ByteBuffer buf = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long pos = imagesStart + (long) index * recordBytes;
            while (buf.hasRemaining()) {
                if (channel.read(buf, pos + buf.position()) < 0) throw new IOException(file + ": truncated at example " + index);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.flip();
        if (info.bytes()) return new ImageExample(new ByteImage(shape[0], shape[1], shape[2], buf.array()), labels[index]);
        float[] v = new float[recordBytes / 4];
        buf.asFloatBuffer().get(v);
        return new ImageExample(new FloatImage(shape[0], shape[1], shape[2], v), labels[index]);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static SafeTensors.Entry entry(Path file, List<SafeTensors.Entry> entries, String name) throws IOException {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IOException(file + ": no tensor '" + name + "' (an encrypted dataset has 'images' and 'labels')"));
    }

    private static String require(Path file, Map<String, String> meta, String field) throws IOException {
        String v = meta.get(field);
        if (v == null) throw new IOException(file + ": metadata field '" + field + "' is missing");
        return v;
    }

    private static long headerLength(FileChannel ch, Path file) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(len, 0);
        return len.flip().getLong();
    }

    /** The header's __metadata__ (SafeTensors.entries has already checked that the header is sound). */
    private static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long n = headerLength(ch, file);
            ByteBuffer hb = ByteBuffer.allocate(Math.toIntExact(n));
            ch.read(hb, 8);
            JsonNode root = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
            Map<String, String> meta = new LinkedHashMap<>();
            JsonNode m = root.get("__metadata__");
            if (m != null && m.isObject()) m.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
            return meta;
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * A writer for {@code count} encoded images of {@code imageShape} [C', H', W']: U8 when {@code bytes} (values must
     * lie on the 8-bit grid k / 255), else F32. The file appears (atomically) on a successful {@link Writer#close()}
     * after exactly {@code count} images; otherwise no file is left behind.
     */
    public static Writer writer(Path file, int count, long[] imageShape, boolean bytes, Map<String, String> metadata) throws IOException {
        return new Writer(file, count, imageShape, bytes, metadata);
    }

    /** Streams batches into the file; see {@link #writer}. */
    public static final class Writer implements Closeable {
        private final Path file;
        private final Path tmp;
        private final FileChannel out;
        private final int count;
        private final long[] imageShape;
        private final int imageLength;
        private final boolean bytes;
        private final long[] labels;
        private int written;
        private boolean failed;

        private Writer(Path file, int count, long[] imageShape, boolean bytes, Map<String, String> metadata) throws IOException {
            if (count < 1) throw new IllegalArgumentException("an encrypted dataset needs at least one image");
            if (imageShape.length != 3) throw new IllegalArgumentException("image shape must be [C, H, W]; got " + Arrays.toString(imageShape));
            this.file = file;
            this.count = count;
            this.imageShape = imageShape.clone();
            this.imageLength = Math.toIntExact(imageShape[0] * imageShape[1] * imageShape[2]);
            this.bytes = bytes;
            this.labels = new long[count];
            long imageBytes = (long) count * imageLength * (bytes ? 1 : 4);
            ObjectNode header = JSON.createObjectNode();
            ObjectNode meta = header.putObject("__metadata__");
            meta.put("format", FORMAT);
            metadata.forEach(meta::put);
            ObjectNode img = header.putObject("images");
            img.put("dtype", bytes ? "U8" : "F32");
            ArrayNode s = img.putArray("shape");
            s.add(count);
            for (long d : imageShape) s.add(d);
            img.putArray("data_offsets").add(0).add(imageBytes);
            ObjectNode lab = header.putObject("labels");
            lab.put("dtype", "I64");
            lab.putArray("shape").add(count);
            lab.putArray("data_offsets").add(imageBytes).add(imageBytes + 8L * count);
            byte[] json = JSON.writeValueAsBytes(header);
            int padded = (json.length + 7) / 8 * 8;
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            this.tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            this.out = FileChannel.open(tmp, StandardOpenOption.WRITE);
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.position() < 8 + padded) head.put((byte) ' ');
            head.flip();
            writeFully(head);
        }

        /** Appends a batch of encoded images [B, C', H', W'] with their labels. */
        public void append(INDArray encoded, int[] batchLabels) throws IOException {
            long[] s = encoded.shape();
            if (s.length != 4 || s[0] != batchLabels.length || s[1] != imageShape[0] || s[2] != imageShape[1] || s[3] != imageShape[2]) {
                failed = true;
                throw new IllegalArgumentException("expected a batch [" + batchLabels.length + ", " + imageShape[0] + ", " + imageShape[1] + ", "
                        + imageShape[2] + "]; got " + Arrays.toString(s));
            }
            if (written + batchLabels.length > count) {
                failed = true;
                throw new IllegalStateException("more than the " + count + " images announced");
            }
            float[] v = encoded.castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer buf = ByteBuffer.allocate(v.length * (bytes ? 1 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes) {
                for (int i = 0; i < v.length; i++) {
                    double q = v[i] * 255.0;
                    long r = Math.round(q);
                    if (Math.abs(q - r) > 1e-3 || r < 0 || r > 255) {
                        failed = true;
                        throw new IllegalArgumentException("value " + v[i] + " of image " + (written + i / imageLength)
                                + " is not on the 8-bit grid k/255: encode 8-bit images, or store float32");
                    }
                    buf.put((byte) r);
                }
            } else {
                buf.asFloatBuffer().put(v);
                buf.position(buf.capacity());
            }
            buf.flip();
            writeFully(buf);
            for (int i = 0; i < batchLabels.length; i++) labels[written + i] = batchLabels[i];
            written += batchLabels.length;
        }

        public int written() {
            return written;
        }

        /** Writes the labels and moves the file into place; a short or failed write leaves no file. */
        @Override
        public void close() throws IOException {
            try {
                if (!failed && written == count) {
                    ByteBuffer lb = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
                    for (long l : labels) lb.putLong(l);
                    lb.flip();
                    writeFully(lb);
                    out.close();
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    out.close();
                    if (!failed) throw new IOException(file + ": " + written + " of the " + count + " announced images were written; file not created");
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) out.write(b);
        }
    }
}
