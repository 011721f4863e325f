package dev.mamori.methods.common.run;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A few images [N, C, H, W] with values in [0, 1], small enough for a journal line: 8-bit, deflated, base64. A stage
 * that keeps example images for a report's figure records them this way, so that a run carried to another machine as
 * its config and journal alone still draws the figure (the files of its stage folders are not carried). Quantizing to
 * 8 bits is what a PNG of the figure does anyway; an experiment that records images should also draw its own figure
 * from {@link #images()} so that a carried run and an uninterrupted one draw the same pixels.
 *
 * @param shape  the images' shape
 * @param pixels the values, rounded to 8 bits after clamping to [0, 1], in C order, deflated and base64-encoded
 */
public record JournalImages(long[] shape, String pixels) {
    /** Larger batches belong in files, not in a journal line (a line per stage is read into memory on resuming). */
    public static final long MAX_VALUES = 1 << 20;

    public JournalImages {
        if (shape == null || pixels == null) throw new IllegalArgumentException("journal images need a shape and pixels");
        shape = shape.clone();
    }

    /** {@code images} as recorded: clamped to [0, 1] and rounded to 8 bits. */
    public static JournalImages of(INDArray images) {
        long n = images.length();
        if (n > MAX_VALUES) throw new IllegalArgumentException("too many values for a journal line: " + n + " (at most " + MAX_VALUES + ")");
        float[] values = images.dup('c').castTo(DataType.FLOAT).data().asFloat();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = Float.isNaN(values[i]) ? 0 : Math.max(0, Math.min(1, values[i]));
            bytes[i] = (byte) Math.round(v * 255);
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) out.write(chunk, 0, deflater.deflate(chunk));
        deflater.end();
        return new JournalImages(images.shape(), Base64.getEncoder().encodeToString(out.toByteArray()));
    }

    /** The images as recorded (float, values k / 255); an error naming what is wrong when the record is damaged. */
    public INDArray images() {
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (n < 0 || n > MAX_VALUES) throw new IllegalStateException("journal images: invalid shape " + Arrays.toString(shape));
        byte[] bytes = new byte[(int) n];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(Base64.getDecoder().decode(pixels));
            int read = 0;
            while (read < bytes.length && !inflater.finished()) {
                int k = inflater.inflate(bytes, read, bytes.length - read);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                read += k;
            }
            if (read != bytes.length || !inflater.finished()) {
                throw new IllegalStateException("journal images: the pixels do not hold " + n + " values of shape " + Arrays.toString(shape));
            }
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalStateException("journal images: the pixels are not deflated base64 (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) values[i] = (bytes[i] & 0xff) / 255f;
        return Nd4j.create(values, shape, 'c');
    }
}
