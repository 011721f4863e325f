package dev.mamori.methods.encryption.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.Dataset;
import dev.mamori.data.Image;
import dev.mamori.data.LabeledImage;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypts a dataset split into an {@link EncryptedDatasetFile}, streaming: batch by batch, examples are decoded,
 * encoded and written, so memory holds one batch whatever the split's size. The batch size is recorded in the file:
 * NeuraCrypt's batch norms normalise with the statistics of the batch, so it is part of how the data was encoded.
 */
public final class DatasetEncryption {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetEncryption() {}

    /** What one run encrypted and how fast. */
    public record Result(Path file, int images, double seconds, boolean bytes) {
        public double imagesPerSecond() {
            return images / Math.max(seconds, 1e-9);
        }
    }

    /**
     * Encrypts every example of {@code split} with {@code encoder} into {@code file}, {@code batchSize} images at a time;
     * {@code dataset} and {@code splitName} are recorded in the file. Progress (rate, ETA) goes to {@code log} when it
     * is not null.
     */
    public static Result run(Dataset<? extends LabeledImage> split, ImageEncoder encoder, int batchSize, Path file, String dataset,
                             String splitName, PrintStream log) throws IOException {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int n = split.size();
        if (n == 0) throw new IllegalArgumentException("split '" + splitName + "' of " + dataset + " is empty");
        KeyGeometry g = encoder.key().geometry();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("scheme", encoder.key().scheme());
        meta.put("key_fingerprint", encoder.keyFingerprint());
        meta.put("dataset", dataset);
        meta.put("split", splitName);
        meta.put("classes", json(split.classes().isEmpty() ? classNames(split) : split.classes()));
        meta.put("encode_batch_size", String.valueOf(batchSize));
        meta.put("plain_shape", g.channels() + "x" + g.height() + "x" + g.width());
        boolean bytes = encoder.preservesEightBit() && isEightBit(split.get(0).image());
        long t0 = System.nanoTime();
        long batches = (n + batchSize - 1) / batchSize;
        try (EncryptedDatasetFile.Writer w = EncryptedDatasetFile.writer(file, n, encoder.encodedShape(), bytes, meta);
             Progress progress = log == null ? Progress.silent("encrypt", batches) : Progress.plain("encrypt " + dataset + "/" + splitName, batches, log)) {
            int imageLength = g.imageLength();
            for (int start = 0; start < n; start += batchSize) {
                int b = Math.min(batchSize, n - start);
                float[] pixels = new float[b * imageLength];
                int[] labels = new int[b];
                for (int i = 0; i < b; i++) {
                    LabeledImage ex = split.get(start + i);
                    Image img = ex.image();
                    if (img.channels() != g.channels() || img.height() != g.height() || img.width() != g.width()) {
                        throw new IllegalArgumentException("example " + (start + i) + " of " + dataset + "/" + splitName + " is " + img.shapeString()
                                + "; the key is for " + g.channels() + "x" + g.height() + "x" + g.width() + " images");
                    }
                    System.arraycopy(img.toFloat().pixels(), 0, pixels, i * imageLength, imageLength);
                    labels[i] = ex.label();
                }
                INDArray batch = Nd4j.create(pixels, new long[]{b, g.channels(), g.height(), g.width()}, 'c');
                w.append(encoder.encode(batch), labels);
                progress.step();
                progress.set("images/s", String.format(java.util.Locale.ROOT, "%.0f", (start + b) / ((System.nanoTime() - t0) / 1e9)));
            }
        }
        return new Result(file, n, (System.nanoTime() - t0) / 1e9, bytes);
    }

    private static boolean isEightBit(Image image) {
        return image instanceof dev.mamori.data.ByteImage;
    }

    private static List<String> classNames(Dataset<? extends LabeledImage> split) {
        int max = 0;
        for (int i = 0; i < split.size(); i++) max = Math.max(max, split.labelAt(i));
        return java.util.stream.IntStream.rangeClosed(0, max).mapToObj(String::valueOf).toList();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
