package dev.mamori.data.emoji;

import dev.mamori.data.ByteImage;
import dev.mamori.data.formats.ImageFiles;
import dev.mamori.data.formats.PixelCache;
import dev.mamori.data.transforms.AreaDownscale;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One vendor's 64x64 emoji PNGs, alpha-composited on white (RGB) or with their alpha channel (RGBA, for pasting on
 * other backgrounds) and decoded once into a {@link PixelCache} under the data root
 * (cache/emoji/&lt;package&gt;-&lt;version&gt;-64[-rgba].pixels), so that later opens read one file. Each PNG's size
 * is checked in its header before decoding.
 */
final class VendorImages {
    static final int NATIVE_SIZE = 64;

    private final byte[] pixels;
    private final Map<String, Integer> slots;
    private final int channels;

    private VendorImages(byte[] pixels, Map<String, Integer> slots, int channels) {
        this.pixels = pixels;
        this.slots = slots;
        this.channels = channels;
    }

    /** Every glyph the vendor's set has (per emoji.json) composited on white, from the cache or decoded now. */
    static VendorImages load(Path npmPrefix, EmojiMetadata meta, EmojiVendor vendor, Path cacheDir, PrintStream log)
            throws IOException {
        return load(npmPrefix, meta, vendor, cacheDir, log, false);
    }

    /** Every glyph as RGBA (4 channels, alpha not premultiplied), from the cache or decoded now. */
    static VendorImages loadRgba(Path npmPrefix, EmojiMetadata meta, EmojiVendor vendor, Path cacheDir, PrintStream log)
            throws IOException {
        return load(npmPrefix, meta, vendor, cacheDir, log, true);
    }

    private static VendorImages load(Path npmPrefix, EmojiMetadata meta, EmojiVendor vendor, Path cacheDir, PrintStream log,
                                     boolean rgba) throws IOException {
        Path dir = vendor.imageDir(npmPrefix);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the " + vendor + " emoji images are not installed; run: mamori data fetch "
                    + "emoji-category --vendors " + vendor + " (licence of the " + vendor + " set: " + vendor.licence() + ")");
        }
        String version = JsonRecords.packageVersion(vendor.packageDir(npmPrefix));
        List<EmojiRecord> records = meta.recordsOf(vendor);
        List<String> names = records.stream().map(EmojiRecord::image).toList();
        String key = vendor.packageName() + " " + version + " img/" + vendor.id() + "/64 " + (rgba ? "RGBA" : "RGB over white")
                + ", emoji-datasource " + meta.version();
        Path cache = cacheDir.resolve("emoji").resolve(vendor.packageName() + "-" + version + "-64" + (rgba ? "-rgba" : "") + ".pixels");
        int channels = rgba ? 4 : 3;
        byte[] pixels = PixelCache.loadOrBuild(cache, key, names, channels, NATIVE_SIZE, NATIVE_SIZE, i -> {
            Path file = dir.resolve(names.get(i));
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, meta.file().getFileName() + " says " + vendor.imageFlag()
                        + " for " + records.get(i).unified() + " but the image is missing (reinstall " + vendor.packageName() + ")");
            }
            return rgba ? ImageFiles.readRgba(file, NATIVE_SIZE, NATIVE_SIZE) : ImageFiles.readOnWhite(file, NATIVE_SIZE, NATIVE_SIZE);
        }, log);
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < records.size(); i++) slots.put(records.get(i).unified(), i);
        return new VendorImages(pixels, slots, channels);
    }

    boolean has(EmojiRecord r) {
        return slots.containsKey(r.unified());
    }

    /** The glyph at 64 pixels or area-averaged to 32 (RGB composited on white). */
    ByteImage image(EmojiRecord r, int size) {
        if (channels != 3) throw new IllegalStateException("these images were loaded as RGBA; composite them first");
        ByteImage full = full(r);
        return size == NATIVE_SIZE ? full : AreaDownscale.of(full, NATIVE_SIZE / size);
    }

    /** The glyph at its native 64 pixels, with every channel it was loaded with (RGB, or RGB and alpha). */
    ByteImage full(EmojiRecord r) {
        Integer slot = slots.get(r.unified());
        if (slot == null) throw new IllegalArgumentException("this image set has no image of " + r.unified());
        return new ByteImage(channels, NATIVE_SIZE, NATIVE_SIZE, pixels, slot * channels * NATIVE_SIZE * NATIVE_SIZE);
    }
}
