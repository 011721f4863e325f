package dev.mamori.data.formats;

import dev.mamori.data.MalformedDataException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected from the content, not the name):
 * magic number 00 00 TT NN (TT = 0x08, unsigned bytes, the only type MNIST uses; NN = number of dimensions),
 * NN big-endian int32 dimensions, then the data in row-major order. Offsets in errors count decompressed bytes.
 *
 * <p>A header is untrusted: a raw file whose header promises more data than the file holds fails before anything is
 * allocated, and the data of a compressed file is read in chunks that grow only as bytes arrive, so a small file with
 * a huge header costs no more memory than its content.
 */
public final class Idx {
    /** Type code of unsigned bytes. */
    public static final int UBYTE = 0x08;

    private Idx() {}

    /** An n-dimensional array of unsigned bytes read from an IDX file. */
    public record Array(Path file, int[] dims, byte[] data) {
        /** Product of all dimensions but the first: the size of one item. */
        public int itemSize() {
            int n = 1;
            for (int k = 1; k < dims.length; k++) n *= dims[k];
            return n;
        }
    }

    public static Array read(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in;
            try {
                in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            } catch (EOFException | ZipException e) {
                throw new MalformedDataException(file, 0, "corrupt or truncated gzip header (" + e.getMessage() + ")", e);
            }
            return parse(file, in, gzip, gzip ? -1 : fileSize);
        }
    }

    /** @param fileSize the raw file's size, or -1 for a compressed one (its content size is not known in advance) */
    private static Array parse(Path file, InputStream in, boolean gzip, long fileSize) throws IOException {
        byte[] magic = readExactly(file, in, 0, 4, "the 4-byte magic number", gzip);
        int magicValue = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) | (magic[3] & 0xFF);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new MalformedDataException(file, 0, String.format(
                    "bad magic number 0x%08X: an IDX file starts with two zero bytes (e.g. 0x00000803 for images,"
                            + " 0x00000801 for labels)%s", magicValue, gzip ? "" : "; is it a damaged download?"));
        }
        int type = magic[2] & 0xFF;
        if (type != UBYTE) {
            throw new MalformedDataException(file, 2, String.format(
                    "unsupported IDX element type 0x%02X (magic 0x%08X); only unsigned bytes (0x08) are supported", type, magicValue));
        }
        int ndims = magic[3] & 0xFF;
        if (ndims == 0) throw new MalformedDataException(file, 3, "IDX header declares 0 dimensions");
        byte[] dimBytes = readExactly(file, in, 4, 4 * ndims, ndims + " dimension sizes", gzip);
        int[] dims = new int[ndims];
        long total = 1;
        for (int k = 0; k < ndims; k++) {
            int v = ((dimBytes[4 * k] & 0xFF) << 24) | ((dimBytes[4 * k + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * k + 2] & 0xFF) << 8) | (dimBytes[4 * k + 3] & 0xFF);
            if (v < 0) throw new MalformedDataException(file, 4 + 4L * k, "dimension " + k + " is negative (" + v + ")");
            dims[k] = v;
            total *= v;
            if (total > Integer.MAX_VALUE - 8) {
                throw new MalformedDataException(file, 4 + 4L * k, "dimensions " + Arrays.toString(Arrays.copyOf(dims, k + 1))
                        + " describe more than 2^31 bytes; the file is corrupt or too large");
            }
        }
        long headerSize = 4 + 4L * ndims;
        if (fileSize >= 0 && headerSize + total > fileSize) {
            throw new MalformedDataException(file, headerSize, "dimensions " + Arrays.toString(dims) + " promise " + total
                    + " bytes of data after the " + headerSize + "-byte header, but the file holds " + fileSize + " bytes in all");
        }
        byte[] data = readExactly(file, in, headerSize, (int) total, "data for dimensions " + Arrays.toString(dims), gzip);
        int extra;
        try {
            extra = in.read();
        } catch (IOException e) {
            throw new MalformedDataException(file, headerSize + total, "corrupt data after the declared end (" + e.getMessage() + ")", e);
        }
        if (extra >= 0) {
            throw new MalformedDataException(file, headerSize + total, "unexpected data after the " + total
                    + " bytes declared by dimensions " + Arrays.toString(dims) + "; the header does not match the file");
        }
        return new Array(file, dims, data);
    }

    /**
     * Reads exactly n bytes starting at (decompressed) offset, or explains where and why it could not. The buffer grows
     * (doubling from 1 MiB) only as bytes arrive, so a header's promise is never allocated up front.
     */
    private static byte[] readExactly(Path file, InputStream in, long offset, int n, String what, boolean gzip) throws IOException {
        byte[] buf = new byte[Math.min(n, 1 << 20)];
        int got = 0;
        try {
            while (got < n) {
                if (got == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
                int r = in.read(buf, got, Math.min(buf.length - got, 1 << 20));
                if (r < 0) break;
                got += r;
            }
        } catch (EOFException e) {
            throw new MalformedDataException(file, offset + got, "gzip stream is truncated while reading " + what
                    + " (expected " + n + " bytes, got " + got + ")", e);
        } catch (ZipException e) {
            throw new MalformedDataException(file, offset + got, "gzip stream is corrupt while reading " + what
                    + " (" + e.getMessage() + ")", e);
        }
        if (got < n) {
            throw new MalformedDataException(file, offset + got, "file is truncated: expected " + n + " bytes of " + what
                    + " starting at byte offset " + offset + ", but the " + (gzip ? "decompressed " : "") + "content ends after "
                    + got);
        }
        return buf;
    }

    /** Writes an unsigned-byte IDX file, gzip-compressed when {@code gzip}. */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        long total = 1;
        for (int d : dims) total *= d;
        if (total != data.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " need " + total + " bytes, got " + data.length);
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt((UBYTE << 8) | dims.length);
        for (int d : dims) h.writeInt(d);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(header.toByteArray());
            out.write(data);
        }
    }
}
