package dev.mamori.data.formats;

import dev.mamori.data.ByteImage;
import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import dev.mamori.data.MalformedDataException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Decoding and encoding of PNG/JPEG/BMP/GIF files with javax.imageio, to and from CHW images. */
public final class ImageFiles {
    /**
     * The most pixels an image file may declare: PIL's decompression-bomb limit (89,478,485, about a quarter GiB of
     * RGBA). The size is read from the file's header and checked before any pixel is decoded.
     */
    public static final long MAX_PIXELS = 89_478_485L;

    private ImageFiles() {}

    /**
     * Decodes an image file into 8-bit CHW pixels with the given number of channels: 3 converts like PIL's
     * convert("RGB") (gray replicated, alpha dropped), 1 like convert("L") (ITU-R 601-2 luma). An image whose header
     * declares more than {@link #MAX_PIXELS} pixels is refused before decoding.
     */
    public static ByteImage read(Path file, int channels) throws IOException {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new MalformedDataException(file, -1, "cannot open the file as an image stream");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MalformedDataException(file, -1, "not an image format javax.imageio can decode (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels(file, reader.getWidth(0), reader.getHeight(0));
                img = reader.read(0);
            } catch (MalformedDataException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new MalformedDataException(file, -1, "cannot decode the image (" + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
        }
        return toByteImage(img, channels);
    }

    /** Refuses a declared size over {@link #MAX_PIXELS} (or not positive), naming the file and the size. */
    private static void checkPixels(Path file, int width, int height) throws MalformedDataException {
        if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
            throw new MalformedDataException(file, -1, "image header declares " + width + "x" + height + " pixels; at most " + MAX_PIXELS
                    + " pixels are decoded (a larger header is a decompression bomb or a damaged file)");
        }
    }

    /**
     * Decodes an image with transparency (an RGBA or palette PNG) and composites it over white, as a 3-channel image.
     * The size is read from the file's header and checked against the expected one before any pixel is decoded, so
     * a hostile or wrong file costs no more memory than a right one.
     */
    public static ByteImage readOnWhite(Path file, int expectedWidth, int expectedHeight) throws IOException {
        return compositeOnWhite(decodeChecked(file, expectedWidth, expectedHeight));
    }

    /**
     * Decodes an image with transparency as 4 channels R, G, B, alpha (not premultiplied; an opaque image gets alpha
     * 255), with the same size check before decoding as {@link #readOnWhite}.
     */
    public static ByteImage readRgba(Path file, int expectedWidth, int expectedHeight) throws IOException {
        BufferedImage img = decodeChecked(file, expectedWidth, expectedHeight);
        int h = img.getHeight(), w = img.getWidth(), hw = h * w;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[4 * hw];
        for (int i = 0; i < hw; i++) {
            out[i] = (byte) (argb[i] >> 16);
            out[hw + i] = (byte) (argb[i] >> 8);
            out[2 * hw + i] = (byte) argb[i];
            out[3 * hw + i] = (byte) (argb[i] >>> 24);
        }
        return new ByteImage(4, h, w, out);
    }

    /** Decodes a file whose header must say expectedWidth x expectedHeight (checked before the pixels are decoded). */
    private static BufferedImage decodeChecked(Path file, int expectedWidth, int expectedHeight) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new MalformedDataException(file, -1, "cannot open the file as an image stream");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MalformedDataException(file, -1, "not an image format javax.imageio can decode (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                checkPixels(file, w, h);
                if (w != expectedWidth || h != expectedHeight) {
                    throw new MalformedDataException(file, -1, "image is " + w + "x" + h + " pixels, expected "
                            + expectedWidth + "x" + expectedHeight);
                }
                return reader.read(0);
            } catch (MalformedDataException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new MalformedDataException(file, -1, "cannot decode the image (truncated or corrupt? "
                        + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Alpha compositing over an opaque white background ("over" with non-premultiplied colours): each channel
     * becomes round((c * a + 255 * (255 - a)) / 255). Opaque pixels keep their colour, transparent ones become white.
     */
    public static ByteImage compositeOnWhite(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth(), hw = h * w;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[3 * hw];
        for (int i = 0; i < hw; i++) {
            int a = argb[i] >>> 24;
            int white = 255 * (255 - a);
            for (int c = 0; c < 3; c++) {
                int v = (argb[i] >> (16 - 8 * c)) & 0xFF;
                out[c * hw + i] = (byte) ((v * a + white + 127) / 255);
            }
        }
        return new ByteImage(3, h, w, out);
    }

    /** CHW bytes from a decoded image. */
    public static ByteImage toByteImage(BufferedImage img, int channels) {
        int h = img.getHeight(), w = img.getWidth(), hw = h * w;
        byte[] out = new byte[channels * hw];
        Raster raster = img.getRaster();
        boolean gray = raster.getNumBands() == 1 && img.getColorModel().getNumComponents() == 1;
        if (gray) {
            // read samples directly: getRGB would apply a colour-space conversion that changes gray values
            int shift = Math.max(0, img.getColorModel().getComponentSize(0) - 8);
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < hw; i++) {
                byte v = (byte) (samples[i] >> shift);
                for (int c = 0; c < channels; c++) out[c * hw + i] = v;
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < hw; i++) {
                int r = (argb[i] >> 16) & 0xFF, g = (argb[i] >> 8) & 0xFF, b = argb[i] & 0xFF;
                if (channels == 3) {
                    out[i] = (byte) r;
                    out[hw + i] = (byte) g;
                    out[2 * hw + i] = (byte) b;
                } else {
                    out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
                }
            }
        }
        return new ByteImage(channels, h, w, out);
    }

    /**
     * A 1- or 3-channel image as a BufferedImage (gray or RGB); float pixels are clamped to [0, 1] and rounded to
     * 8 bits.
     */
    public static BufferedImage toBufferedImage(Image image) {
        int c = image.channels(), h = image.height(), w = image.width();
        if (c != 1 && c != 3) throw new IllegalArgumentException("only 1- or 3-channel images can be saved, got " + image.shapeString());
        BufferedImage out = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (c == 1) {
                    out.getRaster().setSample(x, y, 0, to8Bit(image, 0, y, x));
                } else {
                    out.setRGB(x, y, (to8Bit(image, 0, y, x) << 16) | (to8Bit(image, 1, y, x) << 8) | to8Bit(image, 2, y, x));
                }
            }
        }
        return out;
    }

    /** Writes a 1- or 3-channel image as a PNG (lossless: 8-bit images round-trip exactly). */
    public static void writePng(Image image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(toBufferedImage(image), "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    private static int to8Bit(Image image, int c, int y, int x) {
        if (image instanceof ByteImage b) return b.get(c, y, x);
        float v = ((FloatImage) image).get(c, y, x);
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
