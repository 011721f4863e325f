package dev.mamori.data;

/**
 * An image in channel-major (CHW) layout, the layout of one item of an NCHW batch. Either raw 8-bit pixels as read
 * from a file ({@link ByteImage}) or floating-point pixels, normally in [0, 1] ({@link FloatImage});
 * {@code ToTensor} (or {@link #toFloat()}) upgrades the first to the second.
 */
public sealed interface Image permits ByteImage, FloatImage {

    int channels();

    int height();

    int width();

    /** channels * height * width. */
    default int size() {
        return channels() * height() * width();
    }

    /** Pixels as floats: a {@link ByteImage} is divided by 255; a {@link FloatImage} returns itself. */
    FloatImage toFloat();

    /** The pixel at (channel, y, x) as a float on the image's own scale (0..255 for bytes). */
    float value(int channel, int y, int x);

    /** "CxHxW", for messages. */
    default String shapeString() {
        return channels() + "x" + height() + "x" + width();
    }
}
