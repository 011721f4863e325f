package dev.mamori.data.formats;

import dev.mamori.data.ByteImage;
import dev.mamori.nn.util.Progress;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A file of equal-sized 8-bit CHW images decoded once (e.g. thousands of PNGs or rendered SVGs), so that opening a
 * dataset a second time reads one file instead of decoding every image again. The header holds a key saying what the
 * pixels are (package, version, rendering), the image count and shape, a checksum of the image names and one of the
 * pixels; a file that does not match in every respect (stale, truncated, corrupt, another version) is rebuilt, and the
 * reason is logged. Files are written to a temporary name and moved into place, so a reader never sees half a file
 * and two processes building the same cache do not corrupt it.
 */
public final class PixelCache {
    private static final byte[] MAGIC = "MMRPIX01".getBytes(StandardCharsets.US_ASCII);

    /** Renders image {@code index} (0 <= index < count) from its source file. */
    @FunctionalInterface
    public interface Source {
        ByteImage render(int index) throws IOException;
    }

    private PixelCache() {}

    /**
     * The pixels of all images, image after image (count * channels * height * width bytes): read from {@code file}
     * when it is valid for this key, names and shape; otherwise rendered from the source (with progress on stderr),
     * then written to {@code file}. When the file cannot be written the pixels are still returned (and the reason
     * logged).
     *
     * @param key   what the pixels are, e.g. "emoji-datasource-google 16.0.0 img/google/64 RGB over white"
     * @param names one name per image (their checksum is part of the validity check)
     */
    public static byte[] loadOrBuild(Path file, String key, List<String> names, int channels, int height, int width,
                                     Source source, PrintStream log) throws IOException {
        long imageBytes = (long) channels * height * width;
        if (imageBytes * names.size() > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException(names.size() + " images of " + channels + "x" + height + "x" + width
                    + " do not fit one array");
        }
        long namesCrc = crc(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(file)) {
            String problem;
            try {
                byte[] pixels = new byte[(int) (imageBytes * names.size())];
                problem = read(file, key, names.size(), channels, height, width, namesCrc, pixels);
                if (problem == null) return pixels;
            } catch (IOException e) {
                problem = "cannot read it (" + e.getMessage() + ")";
            }
            log.println("pixel cache " + file + " is not valid (" + problem + "); rebuilding it");
        }
        byte[] pixels = build(file, names, channels, height, width, source);
        try {
            write(file, key, names.size(), channels, height, width, namesCrc, pixels);
        } catch (IOException e) {
            log.println("cannot write the pixel cache " + file + " (" + e.getMessage()
                    + "); the images will be decoded again next time");
        }
        return pixels;
    }

    private static byte[] build(Path file, List<String> names, int channels, int height, int width, Source source)
            throws IOException {
        int imageBytes = channels * height * width;
        byte[] pixels = new byte[imageBytes * names.size()];
        try (Progress progress = Progress.start("decoding " + names.size() + " images for " + file.getFileName(), names.size())) {
            for (int i = 0; i < names.size(); i++) {
                ByteImage img = source.render(i);
                if (img.channels() != channels || img.height() != height || img.width() != width) {
                    throw new IllegalStateException("image " + names.get(i) + " rendered as " + img.shapeString()
                            + ", expected " + channels + "x" + height + "x" + width);
                }
                System.arraycopy(img.toByteArray(), 0, pixels, i * imageBytes, imageBytes);
                progress.step();
            }
        }
        return pixels;
    }

    /** Null when the file is valid (and {@code pixels} filled), else what is wrong with it. */
    private static String read(Path file, String key, int count, int channels, int height, int width, long namesCrc,
                               byte[] pixels) throws IOException {
        long expected = MAGIC.length + 4L + key.getBytes(StandardCharsets.UTF_8).length + 16 + 16 + pixels.length;
        long size = Files.size(file);
        if (size != expected) return "file of " + size + " bytes, expected " + expected + " (truncated or another shape)";
        byte[] all = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(all);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) return "not a Mamori pixel cache (bad magic bytes)";
            int keyLength = in.getInt();
            if (keyLength < 0 || keyLength > in.remaining()) return "bad key length " + keyLength;
            byte[] keyBytes = new byte[keyLength];
            in.get(keyBytes);
            String stored = new String(keyBytes, StandardCharsets.UTF_8);
            if (!stored.equals(key)) return "made for '" + stored + "', needed '" + key + "'";
            int n = in.getInt(), c = in.getInt(), h = in.getInt(), w = in.getInt();
            if (n != count || c != channels || h != height || w != width) {
                return "holds " + n + " images of " + c + "x" + h + "x" + w + ", needed " + count + " of "
                        + channels + "x" + height + "x" + width;
            }
            if (in.getLong() != namesCrc) return "made for another list of images";
            long pixelsCrc = in.getLong();
            if (in.remaining() != pixels.length) {
                return "expected " + pixels.length + " pixel bytes, found " + in.remaining() + " (truncated?)";
            }
            in.get(pixels);
            if (crc(pixels) != pixelsCrc) return "pixel checksum mismatch (corrupt)";
            return null;
        } catch (BufferUnderflowException e) {
            return "the file ends inside its header (truncated)";
        }
    }

    private static void write(Path file, String key, int count, int channels, int height, int width, long namesCrc,
                              byte[] pixels) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(header)) {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            out.write(MAGIC);
            out.writeInt(keyBytes.length);
            out.write(keyBytes);
            out.writeInt(count);
            out.writeInt(channels);
            out.writeInt(height);
            out.writeInt(width);
            out.writeLong(namesCrc);
            out.writeLong(crc(pixels));
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (var out = Files.newOutputStream(tmp)) {
                header.writeTo(out);
                out.write(pixels);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
