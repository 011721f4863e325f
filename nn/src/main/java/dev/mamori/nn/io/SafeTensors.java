package dev.mamori.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader and writer of the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length, a JSON header ({@code dtype}, {@code shape}, {@code data_offsets} per tensor, optional
 * {@code __metadata__} of strings), then the raw little-endian tensor bytes. The header is validated before any data
 * is read (integer shapes and offsets, sizes without overflow, every byte range inside the file), and data is read
 * until every byte has arrived: every problem is a {@link SafeTensorsException} naming the file and the tensor
 * concerned, never an out-of-memory error or a raw exception.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Same bound as the reference implementation: a header larger than this is malformed. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {}

    /** The tensors of a file, in header order, and its string metadata. */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {}

    /** One tensor's entry in the header. */
    public record Entry(String name, SafeTensorsDType dtype, long[] shape, long begin, long end) {
        /** The number of values (the product of the shape). */
        public long elements() {
            return (end - begin) / dtype.bytes;
        }
    }

    /** A validated header: the tensors' entries in header order, the string metadata, and where the data starts. */
    public record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new SafeTensorsException(file + ": no such file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Header header = readHeader(file, ch, size);
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Entry e : header.entries) {
                ByteBuffer buf = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(file, ch, buf, header.dataStart + e.begin, "tensor '" + e.name + "'");
                buf.flip();
                tensors.put(e.name, decode(buf, e));
            }
            return new Contents(tensors, header.metadata);
        }
    }

    /** Only the header: names, dtypes, shapes, offsets (cheap even for very large files). */
    public static List<Entry> entries(Path file) throws IOException {
        return header(file).entries;
    }

    /** The validated header with the metadata, without reading any tensor data. */
    public static Header header(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new SafeTensorsException(file + ": no such file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch, ch.size());
        }
    }

    /** A positional read such as {@link FileChannel#read(ByteBuffer, long)}: may return fewer bytes than asked, -1 at the end. */
    @FunctionalInterface
    interface PositionalRead {
        int read(ByteBuffer into, long position) throws IOException;
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position, String what) throws IOException {
        readFully(file, ch::read, buf, position, what);
    }

    /**
     * Reads until {@code buf} is full, however few bytes each read returns; a file that ends (or shrinks) first is an
     * error naming {@code what}.
     */
    static void readFully(Path file, PositionalRead ch, ByteBuffer buf, long position, String what) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new SafeTensorsException(file + ": " + what + ": the file ends after " + (at - position) + " of " + (buf.capacity())
                        + " bytes (it was truncated while being read)");
            }
            at += n;
        }
    }

    private static Header readHeader(Path file, FileChannel ch, long size) throws IOException {
        if (size < 8) throw new SafeTensorsException(file + ": truncated: " + size + " bytes, shorter than the 8-byte header length");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0, "the header length");
        long n = lenBuf.flip().getLong();
        if (n < 0 || n > MAX_HEADER) throw new SafeTensorsException(file + ": header length " + n + " is not plausible");
        if (8 + n > size) {
            throw new SafeTensorsException(file + ": header length " + n + " runs past the end of the file (" + size + " bytes)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(file, ch, hb, 8, "the header");
        String text = new String(hb.array(), StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException ex) {
            throw new SafeTensorsException(file + ": header is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !root.isObject()) throw new SafeTensorsException(file + ": header is not a JSON object");
        long dataStart = 8 + n;
        long dataLen = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) throw new SafeTensorsException(file + ": __metadata__ must be an object of strings");
                v.fields().forEachRemaining(m -> {
                    metadata.put(m.getKey(), m.getValue().isTextual() ? m.getValue().asText() : m.getValue().toString());
                });
                continue;
            }
            entries.add(parseEntry(file, name, v, dataLen));
        }
        checkCoverage(file, entries, dataLen);
        return new Header(entries, metadata, dataStart);
    }

    private static Entry parseEntry(Path file, String name, JsonNode v, long dataLen) throws SafeTensorsException {
        String where = file + ": tensor '" + name + "'";
        if (!v.isObject()) throw new SafeTensorsException(where + ": entry is not an object");
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || !dt.isTextual()) throw new SafeTensorsException(where + ": missing field 'dtype'");
        if (sh == null || !sh.isArray()) throw new SafeTensorsException(where + ": missing field 'shape' (an array)");
        if (off == null || !off.isArray() || off.size() != 2) {
            throw new SafeTensorsException(where + ": field 'data_offsets' must be [begin, end]");
        }
        SafeTensorsDType dtype;
        try {
            dtype = SafeTensorsDType.valueOf(dt.asText());
        } catch (IllegalArgumentException ex) {
            throw new SafeTensorsException(where + ": unsupported dtype '" + dt.asText() + "' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }
        long[] shape = new long[sh.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw new SafeTensorsException(where + ": field 'shape' " + sh + " has a negative or non-integer size at position " + i);
            }
            shape[i] = d.asLong();
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException ex) {
                throw new SafeTensorsException(where + ": field 'shape' " + sh + " describes more values than a 64-bit count holds");
            }
        }
        for (int i = 0; i < 2; i++) {
            JsonNode o = off.get(i);
            if (!o.isIntegralNumber() || !o.canConvertToLong()) {
                throw new SafeTensorsException(where + ": field 'data_offsets' " + off + " must hold two non-negative integers");
            }
        }
        long begin = off.get(0).asLong(), end = off.get(1).asLong();
        if (begin < 0 || end < begin) throw new SafeTensorsException(where + ": field 'data_offsets' [" + begin + ", " + end + "] are invalid");
        if (end > dataLen) {
            throw new SafeTensorsException(where + ": data_offsets end " + end + " lies past the end of the data (" + dataLen
                    + " bytes): the file is truncated");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) dtype.bytes);
        } catch (ArithmeticException ex) {
            throw new SafeTensorsException(where + ": field 'shape' " + sh + " describes more bytes than a 64-bit count holds");
        }
        if (end - begin != bytes) {
            throw new SafeTensorsException(where + ": " + (end - begin) + " bytes for dtype " + dtype + " and shape "
                    + sh + " (expected " + bytes + ")");
        }
        if (end - begin > Integer.MAX_VALUE) throw new SafeTensorsException(where + ": tensors over 2 GiB are not supported");
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Tensors must not overlap (the reference implementation also requires them to tile the data exactly). */
    private static void checkCoverage(Path file, List<Entry> entries, long dataLen) throws SafeTensorsException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long pos = 0;
        for (Entry e : sorted) {
            if (e.begin < pos) {
                throw new SafeTensorsException(file + ": tensor '" + e.name + "' at bytes [" + e.begin + ", " + e.end
                        + ") overlaps the previous tensor (which ends at " + pos + ")");
            }
            if (e.begin > pos) {
                throw new SafeTensorsException(file + ": gap of " + (e.begin - pos) + " bytes before tensor '" + e.name + "'");
            }
            pos = e.end;
        }
        if (pos != dataLen) {
            throw new SafeTensorsException(file + ": " + (dataLen - pos) + " bytes after the last tensor are not described by the header");
        }
    }

    private static INDArray decode(ByteBuffer buf, Entry e) {
        int n = (int) (buf.remaining() / e.dtype.bytes);
        INDArray flat = switch (e.dtype) {
            case F64 -> { double[] a = new double[n]; buf.asDoubleBuffer().get(a); yield Nd4j.createFromArray(a); }
            case F32 -> { float[] a = new float[n]; buf.asFloatBuffer().get(a); yield Nd4j.createFromArray(a); }
            case F16 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = Half.toFloat(buf.getShort()); yield Nd4j.createFromArray(a).castTo(DataType.HALF); }
            case BF16 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16); yield Nd4j.createFromArray(a).castTo(DataType.BFLOAT16); }
            case I64 -> { long[] a = new long[n]; buf.asLongBuffer().get(a); yield Nd4j.createFromArray(a); }
            case I32 -> { int[] a = new int[n]; buf.asIntBuffer().get(a); yield Nd4j.createFromArray(a); }
            case I16 -> { short[] a = new short[n]; buf.asShortBuffer().get(a); yield Nd4j.createFromArray(a); }
            case I8 -> { byte[] a = new byte[n]; buf.get(a); yield Nd4j.createFromArray(a); }
            case U8 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = buf.get() & 0xff; yield Nd4j.createFromArray(a).castTo(DataType.UBYTE); }
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = buf.get() != 0; yield Nd4j.createFromArray(a); }
        };
        if (e.shape.length == 0) return flat.reshape(new long[0]);
        return flat.reshape('c', e.shape);
    }

    // ------------------------------------------------------------------ writing

    /** Writes tensors (in map order) and metadata; atomic: a temporary file is renamed over the target. */
    public static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, INDArray> t : tensors.entrySet()) {
            if (t.getKey().equals("__metadata__")) throw new IllegalArgumentException("'__metadata__' is reserved");
            INDArray a = t.getValue();
            SafeTensorsDType dtype = SafeTensorsDType.of(a.dataType());
            byte[] bytes = encode(a, dtype);
            ObjectNode e = header.putObject(t.getKey());
            e.put("dtype", dtype.name());
            ArrayNode shape = e.putArray("shape");
            for (long s : a.shape()) shape.add(s);
            ArrayNode off = e.putArray("data_offsets");
            off.add(offset);
            off.add(offset + bytes.length);
            offset += bytes.length;
            blobs.add(bytes);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the data starts 8-byte aligned, as the reference writer does
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                out.write(len.array());
                out.write(json);
                for (int i = json.length; i < padded; i++) out.write(' ');
                for (byte[] b : blobs) out.write(b);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] encode(INDArray a, SafeTensorsDType dtype) {
        INDArray c = a.dup('c');
        int n = (int) c.length();
        ByteBuffer buf = ByteBuffer.allocate(n * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F64 -> { for (double v : c.data().asDouble()) buf.putDouble(v); }
            case F32 -> { for (float v : c.data().asFloat()) buf.putFloat(v); }
            case F16 -> { for (float v : c.castTo(DataType.FLOAT).data().asFloat()) buf.putShort(Half.fromFloat(v)); }
            case BF16 -> { for (float v : c.castTo(DataType.FLOAT).data().asFloat()) buf.putShort(Half.bfloat16(v)); }
            case I64 -> { for (long v : c.data().asLong()) buf.putLong(v); }
            case I32 -> { for (int v : c.data().asInt()) buf.putInt(v); }
            case I16 -> { for (int v : c.castTo(DataType.INT).data().asInt()) buf.putShort((short) v); }
            case I8, U8 -> { for (int v : c.castTo(DataType.INT).data().asInt()) buf.put((byte) v); }
            case BOOL -> { for (int v : c.castTo(DataType.INT).data().asInt()) buf.put((byte) (v != 0 ? 1 : 0)); }
        }
        return buf.array();
    }
}
