package dev.mamori.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The safetensors format: every dtype round trip, the reference byte layout, and every kind of bad file. */
class SafeTensorsTest {

    // ------------------------------------------------------------------ round trips

    @Test
    void everyDtypeRoundTripsExactly(@TempDir Path dir) throws Exception {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("f32", Nd4j.createFromArray(new float[]{1.5f, -2.25f, Float.MAX_VALUE, 1e-30f, 0f, -0f}).reshape(2, 3));
        t.put("f64", Nd4j.createFromArray(new double[]{Math.PI, -1e300, 4.9e-324}));
        // values exactly representable in half: normal, negative, largest, smallest subnormal
        t.put("f16", Nd4j.createFromArray(new float[]{0.5f, -2f, 65504f, 5.9604645e-8f}).castTo(DataType.HALF));
        t.put("bf16", Nd4j.createFromArray(new float[]{1.5f, -3f, 1.0e30f, 0.0078125f}).castTo(DataType.BFLOAT16));
        t.put("i64", Nd4j.createFromArray(new long[]{Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}).reshape(2, 2));
        t.put("i32", Nd4j.createFromArray(new int[]{Integer.MIN_VALUE, 7, Integer.MAX_VALUE}));
        t.put("i16", Nd4j.createFromArray(new short[]{Short.MIN_VALUE, -5, Short.MAX_VALUE}));
        t.put("i8", Nd4j.createFromArray(new byte[]{-128, -1, 0, 127}));
        t.put("u8", Nd4j.createFromArray(new int[]{0, 1, 200, 255}).castTo(DataType.UBYTE));
        t.put("bool", Nd4j.createFromArray(new boolean[]{true, false, true}));
        Path file = dir.resolve("all.safetensors");
        SafeTensors.write(file, t, Map.of("format", "pt", "note", "ünïcode"));

        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.tensors().keySet()).containsExactlyElementsOf(t.keySet());
        assertThat(c.metadata()).containsEntry("format", "pt").containsEntry("note", "ünïcode");
        for (Map.Entry<String, INDArray> e : t.entrySet()) {
            INDArray got = c.tensors().get(e.getKey());
            assertThat(got.dataType()).as(e.getKey()).isEqualTo(e.getValue().dataType());
            assertThat(got.shape()).as(e.getKey()).containsExactly(e.getValue().shape());
        }
        assertThat(c.tensors().get("f32").data().asFloat()).containsExactly(t.get("f32").data().asFloat());
        assertThat(Float.floatToRawIntBits(c.tensors().get("f32").getFloat(5))).as("negative zero kept").isEqualTo(0x80000000);
        assertThat(c.tensors().get("f64").data().asDouble()).containsExactly(Math.PI, -1e300, 4.9e-324);
        assertThat(values(c.tensors().get("f16"))).containsExactly(0.5, -2, 65504, 5.9604644775390625e-8);
        assertThat(values(c.tensors().get("bf16"))).containsExactly(values(t.get("bf16")));
        assertThat(c.tensors().get("i64").data().asLong()).containsExactly(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
        assertThat(c.tensors().get("i32").data().asInt()).containsExactly(Integer.MIN_VALUE, 7, Integer.MAX_VALUE);
        assertThat(c.tensors().get("i16").castTo(DataType.INT).data().asInt()).containsExactly(Short.MIN_VALUE, -5, Short.MAX_VALUE);
        assertThat(c.tensors().get("i8").castTo(DataType.INT).data().asInt()).containsExactly(-128, -1, 0, 127);
        assertThat(c.tensors().get("u8").castTo(DataType.INT).data().asInt()).containsExactly(0, 1, 200, 255);
        assertThat(c.tensors().get("bool").castTo(DataType.INT).data().asInt()).containsExactly(1, 0, 1);
    }

    @Test
    void scalarsAndEmptyTensorsRoundTrip(@TempDir Path dir) throws Exception {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("scalar", Nd4j.scalar(DataType.FLOAT, 2.5f));
        t.put("step", Nd4j.scalar(42L));
        t.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        t.put("after", Nd4j.createFromArray(1f, 2f));
        Path file = dir.resolve("edge.safetensors");
        SafeTensors.write(file, t, null);
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.tensors().get("scalar").rank()).isZero();
        assertThat(c.tensors().get("scalar").getFloat(0)).isEqualTo(2.5f);
        assertThat(c.tensors().get("step").getLong(0)).isEqualTo(42L);
        assertThat(c.tensors().get("empty").shape()).containsExactly(0, 3);
        assertThat(c.tensors().get("empty").length()).isZero();
        assertThat(values(c.tensors().get("after"))).containsExactly(1, 2);
        assertThat(c.metadata()).isEmpty();
        List<SafeTensors.Entry> entries = SafeTensors.entries(file);
        assertThat(entries).extracting(SafeTensors.Entry::name).containsExactly("scalar", "step", "empty", "after");
        assertThat(entries.get(2).begin()).isEqualTo(entries.get(2).end());
    }

    // ------------------------------------------------------------------ the reference layout

    /** 8-byte little-endian header length, the JSON header, then the data. */
    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        return b.array();
    }

    private static byte[] floatsLE(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    @Test
    void readsAHandBuiltReferenceFile(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(floatsLE(1.5f, -2f, 3.25f, 4f));
        data.write(new byte[]{(byte) 0xff, 0x7f}); // I16 32767
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"n\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[16,18]}}";
        Path f = dir.resolve("ref.safetensors");
        Files.write(f, file(header, data.toByteArray()));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertThat(c.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(c.tensors().get("w").shape()).containsExactly(2, 2);
        assertThat(values(c.tensors().get("w"))).containsExactly(1.5, -2, 3.25, 4);
        assertThat(c.tensors().get("w").getDouble(1, 0)).isEqualTo(3.25); // row-major
        assertThat(c.tensors().get("n").getInt(0)).isEqualTo(32767);
    }

    @Test
    void writesTheReferenceLayout(@TempDir Path dir) throws Exception {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("a", Nd4j.createFromArray(new float[]{1.5f, -2f, 3.25f, 4f}).reshape(2, 2));
        t.put("b", Nd4j.createFromArray(new long[]{258}));
        Path f = dir.resolve("out.safetensors");
        SafeTensors.write(f, t, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat((8 + n) % 8).as("data starts 8-byte aligned").isZero();
        String headerText = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(headerText).as("padding is trailing spaces").matches("(?s)\\{.*\\} *");
        JsonNode header = new ObjectMapper().readTree(headerText);
        assertThat(header.get("__metadata__").get("k").asText()).isEqualTo("v");
        assertThat(header.get("a").get("dtype").asText()).isEqualTo("F32");
        assertThat(header.get("a").get("shape").toString()).isEqualTo("[2,2]");
        assertThat(header.get("a").get("data_offsets").toString()).isEqualTo("[0,16]");
        assertThat(header.get("b").get("dtype").asText()).isEqualTo("I64");
        assertThat(header.get("b").get("data_offsets").toString()).isEqualTo("[16,24]");
        byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n), bytes.length);
        byte[] expected = new byte[24];
        System.arraycopy(floatsLE(1.5f, -2f, 3.25f, 4f), 0, expected, 0, 16);
        expected[16] = 2;
        expected[17] = 1; // 258 little-endian
        assertThat(data).containsExactly(expected);
    }

    // ------------------------------------------------------------------ bad files

    private static final String GOOD_ENTRY = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    private static Path write(Path dir, String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private static void assertRejected(Path f, String... fragments) {
        var a = assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining(f.toString());
        for (String s : fragments) a.hasMessageContaining(s);
    }

    @Test
    void truncatedFiles(@TempDir Path dir) throws Exception {
        assertRejected(write(dir, "tiny.safetensors", new byte[]{1, 2, 3}), "truncated", "3 bytes");
        byte[] full = file("{" + GOOD_ENTRY + "}", floatsLE(1, 2));
        // data cut short: the tensor whose bytes are missing is named
        assertRejected(write(dir, "short-data.safetensors", Arrays.copyOf(full, full.length - 3)), "'w'", "past the end of the data", "truncated");
        // header length larger than the file
        byte[] lying = full.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 10_000);
        assertRejected(write(dir, "long-header.safetensors", lying), "header length 10000", "past the end of the file");
        byte[] negative = full.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5);
        assertRejected(write(dir, "negative-header.safetensors", negative), "header length -5");
        assertThatThrownBy(() -> SafeTensors.read(dir.resolve("absent.safetensors"))).isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("absent.safetensors").hasMessageContaining("no such file");
    }

    @Test
    void malformedHeaders(@TempDir Path dir) throws Exception {
        byte[] data = floatsLE(1, 2);
        assertRejected(write(dir, "json.safetensors", file("{\"w\": {\"dtype\": ", data)), "not valid JSON");
        assertRejected(write(dir, "array.safetensors", file("[1, 2]", data)), "not a JSON object");
        assertRejected(write(dir, "no-dtype.safetensors", file("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", data)), "'w'", "'dtype'");
        assertRejected(write(dir, "no-shape.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", data)), "'w'", "'shape'");
        assertRejected(write(dir, "no-offsets.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", data)), "'w'", "'data_offsets'");
        assertRejected(write(dir, "entry.safetensors", file("{\"w\":5}", data)), "'w'", "not an object");
        assertRejected(write(dir, "dtype.safetensors", file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,8]}}", data)),
                "'w'", "unsupported dtype 'F8_E4M3'");
        assertRejected(write(dir, "neg-shape.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", data)),
                "'w'", "negative");
        assertRejected(write(dir, "bad-offsets.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", data)),
                "'w'", "[8, 0]");
        assertRejected(write(dir, "meta.safetensors", file("{\"__metadata__\":[1]," + GOOD_ENTRY + "}", data)), "__metadata__");
    }

    @Test
    void offsetsThatDoNotDescribeTheData(@TempDir Path dir) throws Exception {
        byte[] data = floatsLE(1, 2, 3, 4);
        assertRejected(write(dir, "count.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", data)),
                "'w'", "16 bytes", "F32", "expected 12");
        assertRejected(write(dir, "overlap.safetensors", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", data)), "'b'", "overlaps");
        assertRejected(write(dir, "gap.safetensors", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", data)), "'b'", "gap of 4 bytes");
        byte[] trailing = new byte[20];
        System.arraycopy(data, 0, trailing, 0, 16);
        assertRejected(write(dir, "trailing.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", trailing)),
                "4 bytes after the last tensor");
    }

    @Test
    void shapesThatOverflowAndOffsetsThatAreNotIntegersAreNamedErrors(@TempDir Path dir) throws Exception {
        byte[] data = floatsLE(1, 2);
        // 2^32 x 2^32 wraps to 0 in 64-bit arithmetic: it must not pass as an empty tensor
        assertRejected(write(dir, "overflow.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data)), "'w'", "'shape'", "64-bit");
        // values fit a long, bytes do not
        assertRejected(write(dir, "bytes.safetensors", file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]}}", data)),
                "'w'", "'shape'", "bytes");
        assertRejected(write(dir, "float-shape.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", data)),
                "'w'", "'shape'", "non-integer");
        assertRejected(write(dir, "float-offset.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.5]}}", data)),
                "'w'", "'data_offsets'", "integers");
        assertRejected(write(dir, "text-offset.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",8]}}", data)),
                "'w'", "'data_offsets'", "integers");
        assertRejected(write(dir, "huge-offset.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,1e30]}}", data)),
                "'w'", "'data_offsets'");
        // the header alone tells the size: a reader can check a model before allocating it
        Path good = write(dir, "good.safetensors", file("{" + GOOD_ENTRY + "}", data));
        assertThat(SafeTensors.header(good).entries().get(0).elements()).isEqualTo(2);
    }

    @Test
    void shortReadsAreCompletedAndAnEarlyEndIsANamedError(@TempDir Path dir) throws Exception {
        byte[] content = new byte[100];
        for (int i = 0; i < content.length; i++) content[i] = (byte) i;
        // a channel that returns at most 3 bytes a call: the buffer is still filled
        SafeTensors.PositionalRead trickle = (into, position) -> {
            int n = (int) Math.min(3, Math.min(into.remaining(), content.length - position));
            if (n <= 0) return -1;
            into.put(content, (int) position, n);
            return n;
        };
        ByteBuffer buf = ByteBuffer.allocate(40);
        SafeTensors.readFully(dir.resolve("x.safetensors"), trickle, buf, 50, "tensor 'w'");
        assertThat(buf.array()).containsExactly(Arrays.copyOfRange(content, 50, 90));
        // the file ends before the buffer is full (it shrank after its header was checked)
        ByteBuffer tooLong = ByteBuffer.allocate(80);
        assertThatThrownBy(() -> SafeTensors.readFully(dir.resolve("x.safetensors"), trickle, tooLong, 50, "tensor 'w'"))
                .isInstanceOf(SafeTensorsException.class).hasMessageContaining("x.safetensors").hasMessageContaining("tensor 'w'")
                .hasMessageContaining("ends after 50 of 80 bytes");
    }

    // ------------------------------------------------------------------ atomic writes

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesLeaveNoTemporaryFilesAndFailuresKeepTheOldFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("model.safetensors");
        SafeTensors.write(f, Map.of("w", Nd4j.createFromArray(1f, 2f)), Map.of());
        SafeTensors.write(f, Map.of("w", Nd4j.createFromArray(3f, 4f)), Map.of()); // replaces
        assertThat(listing(dir)).containsExactly("model.safetensors");
        byte[] before = Files.readAllBytes(f);
        assertThat(values(SafeTensors.read(f).tensors().get("w"))).containsExactly(3, 4);

        Map<String, INDArray> unsupported = new LinkedHashMap<>();
        unsupported.put("ok", Nd4j.createFromArray(5f));
        unsupported.put("u16", Nd4j.createFromArray(1, 2).castTo(DataType.UINT16));
        assertThatThrownBy(() -> SafeTensors.write(f, unsupported, Map.of())).hasMessageContaining("UINT16");
        assertThatThrownBy(() -> SafeTensors.write(f, Map.of("__metadata__", Nd4j.createFromArray(1f)), Map.of()))
                .hasMessageContaining("reserved");
        assertThat(Files.readAllBytes(f)).containsExactly(before);
        assertThat(listing(dir)).containsExactly("model.safetensors");

        // the final rename fails (the target is a non-empty directory): the temporary file is removed
        Path blocked = dir.resolve("blocked.safetensors");
        Files.createDirectories(blocked.resolve("inside"));
        assertThatThrownBy(() -> SafeTensors.write(blocked, Map.of("w", Nd4j.createFromArray(1f)), Map.of()))
                .isInstanceOf(java.io.IOException.class);
        assertThat(listing(dir)).containsExactly("blocked.safetensors", "model.safetensors");
    }
}
