package dev.mamori.methods.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecretKeyFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TransformKind.class)
    void roundTripKeepsTheKeyAndFileIsOwnerOnly(TransformKind kind) throws IOException {
        SecretKey key = SecretKey.fromSeed(kind, 4, 3, 11);
        Path file = dir.resolve("keys/" + kind.fileName() + ".json");
        key.save(file);

        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(SecretKeyFile.isOwnerOnly(file)).isTrue();
        SecretKey back = SecretKey.load(file);
        assertThat(back).isEqualTo(key);
        assertThat(back.id()).isEqualTo(key.id());
        String text = Files.readString(file);
        assertThat(text).contains("\"id\" : \"" + key.id() + "\"").contains("\"checksum\"").doesNotContain("fingerprint");
        assertThat(SecretKey.load(file, kind, 4, 3)).isEqualTo(key);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void refusesToOverwriteAKey() throws IOException {
        Path file = dir.resolve("k.json");
        SecretKey first = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1);
        first.save(file);
        assertThatThrownBy(() -> SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 2).save(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(SecretKey.load(file)).isEqualTo(first);
    }

    @Test
    void aFileOthersCanReadIsLoadedWithAWarningNamingItAndTheFix() throws IOException {
        Path file = dir.resolve("k.json");
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1);
        key.save(file);
        java.util.List<String> warnings = new java.util.ArrayList<>();
        assertThat(SecretKeyFile.read(file, null, 0, 0, warnings::add)).isEqualTo(key);
        assertThat(warnings).as("an owner-only file loads silently").isEmpty();

        Files.setPosixFilePermissions(file, java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ));
        assertThat(SecretKeyFile.isOwnerOnly(file)).isFalse();
        assertThat(SecretKeyFile.read(file, null, 0, 0, warnings::add)).isEqualTo(key);
        assertThat(warnings).singleElement().asString().contains(file.toString()).contains("r--r-----").contains("chmod 600");
        assertNoMaterialIn(warnings.get(0), key);

        Files.setPosixFilePermissions(file, java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OTHERS_WRITE));
        warnings.clear();
        SecretKeyFile.read(file, null, 0, 0, warnings::add);
        assertThat(warnings).singleElement().asString().contains("-w-");
    }

    @Test
    void textThatIsNotUtf8IsAClearErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[]{'{', '"', 'k', (byte) 0xFC, '"', ':', '1', '}'}); // 0xFC alone is not UTF-8
        assertThat(catchThrowableOfType(() -> SecretKey.load(file), KeyFileException.class)).hasMessageContaining(file.toString())
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void aFileOverTheSizeCapIsRefusedBeforeItIsRead() throws IOException {
        Path file = dir.resolve("huge.json");
        try (var out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(new byte[]{'{'}), SecretKeyFile.MAX_FILE_BYTES); // sparse: one byte past the cap
        }
        assertThat(catchThrowableOfType(() -> SecretKey.load(file), KeyFileException.class)).hasMessageContaining(file.toString())
                .hasMessageContaining("at most " + SecretKeyFile.MAX_FILE_BYTES + " bytes");
    }

    @Test
    void aVersionOneFileIsRefusedWithTheReason() throws IOException {
        Path file = dir.resolve("old.json");
        SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1).save(file);
        ObjectNode o = (ObjectNode) JSON.readTree(file.toFile());
        o.put("version", 1);
        Files.writeString(file, o.toPrettyString());
        assertThat(catchThrowableOfType(() -> SecretKey.load(file), KeyFileException.class)).hasMessageContaining("field 'version'")
                .hasMessageContaining("test key guesses offline");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad(TransformKind.SHUFFLE, "length", "expected block_size * block_size * channels = 48", o -> o.put("length", 47)),
                bad(TransformKind.SHUFFLE, "permutation", "has 47 entries; expected length 48", o -> ((ArrayNode) o.get("permutation")).remove(0)),
                bad(TransformKind.SHUFFLE, "permutation", "positions 0 and 1 hold the same value",
                        o -> ((ArrayNode) o.get("permutation")).set(1, o.get("permutation").get(0))),
                bad(TransformKind.SHUFFLE, "permutation", "position 3 is 48, out of range", o -> ((ArrayNode) o.get("permutation")).set(3, JSON.getNodeFactory().numberNode(48))),
                bad(TransformKind.SHUFFLE, "permutation", "position 2 is not an integer", o -> ((ArrayNode) o.get("permutation")).set(2, JSON.getNodeFactory().numberNode(1.5))),
                bad(TransformKind.SHUFFLE, "permutation", "expected an array", o -> o.put("permutation", "0,1,2")),
                bad(TransformKind.SHUFFLE, "kind", "unknown transform kind 'shuffel'", o -> o.put("kind", "shuffel")),
                bad(TransformKind.SHUFFLE, "mask", "does not belong to a shuffle key", o -> o.put("mask", "0".repeat(48))),
                bad(TransformKind.SHUFFLE, "block_size", "expected a positive integer", o -> o.put("block_size", 0)),
                bad(TransformKind.SHUFFLE, "block_size", "give a block of more than", o -> o.put("block_size", 65536)),
                bad(TransformKind.SHUFFLE, "block_size", "give a block of more than", o -> o.put("block_size", Integer.MAX_VALUE)),
                bad(TransformKind.SHUFFLE, "block_size", "give a block of more than", o -> o.put("channels", Integer.MAX_VALUE)),
                bad(TransformKind.SHUFFLE, "block_size", "expected a positive integer", o -> o.put("block_size", 4_000_000_000L)),
                bad(TransformKind.SHUFFLE, "id", "is not a key id", o -> o.put("id", "not-an-id")),
                bad(TransformKind.SHUFFLE, "id", "is missing", o -> o.remove("id")),
                bad(TransformKind.SHUFFLE, "checksum", "the file was edited or damaged", o -> o.put("id", "00000000000000aa")),
                bad(TransformKind.SHUFFLE, "channels", "is missing", o -> o.remove("channels")),
                bad(TransformKind.SHUFFLE, "format", "expected 'mamori-secret-key'", o -> o.put("format", "something-else")),
                bad(TransformKind.SHUFFLE, "version", "this reader knows version 2", o -> o.put("version", 3)),
                bad(TransformKind.SHUFFLE, "comment", "unknown field", o -> o.put("comment", "hello")),
                bad(TransformKind.NEGATIVE_POSITIVE, "mask", "has 47 characters; expected length 48", o -> o.put("mask", o.get("mask").asText().substring(1))),
                bad(TransformKind.NEGATIVE_POSITIVE, "mask", "position 5 is not '0' or '1'",
                        o -> o.put("mask", o.get("mask").asText().substring(0, 5) + "x" + o.get("mask").asText().substring(6))),
                bad(TransformKind.NEGATIVE_POSITIVE, "permutation", "does not belong to a negative_positive key",
                        o -> o.putArray("permutation")),
                bad(TransformKind.NEGATIVE_POSITIVE, "checksum", "the file was edited or damaged",
                        o -> o.put("mask", flipFirst(o.get("mask").asText()))),
                bad(TransformKind.FFX, "aes_key", "has 30 hex digits", o -> o.put("aes_key", o.get("aes_key").asText().substring(2))),
                bad(TransformKind.FFX, "aes_key", "is not hexadecimal", o -> o.put("aes_key", "zz" + o.get("aes_key").asText().substring(2))),
                bad(TransformKind.FFX, "aes_key", "is missing (a ffx key needs it)", o -> o.remove("aes_key")),
                bad(TransformKind.FFX, "checksum", "expected a string", o -> o.put("checksum", 12)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badFiles")
    void badKeyFilesGiveErrorsNamingFileAndField(TransformKind kind, String field, String fragment, Consumer<ObjectNode> damage) throws IOException {
        SecretKey key = SecretKey.fromSeed(kind, 4, 3, 5);
        Path file = dir.resolve("bad.json");
        key.save(file);
        ObjectNode o = (ObjectNode) JSON.readTree(file.toFile());
        damage.accept(o);
        Files.writeString(file, o.toPrettyString());

        KeyFileException e = catchThrowableOfType(() -> SecretKey.load(file), KeyFileException.class);
        assertThat(e).as("loading a key file with a bad '%s'", field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.getMessage()).contains(file.toString()).contains("'" + field + "'").contains(fragment);
        assertNoMaterialIn(e.getMessage(), key);
    }

    @Test
    void keysOfAnotherKindSizeOrChannelCountAreRejected() throws IOException {
        Path file = dir.resolve("k.json");
        SecretKey key = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 5);
        key.save(file);
        assertThat(catchThrowableOfType(() -> SecretKey.load(file, TransformKind.FFX, 4, 3), KeyFileException.class))
                .hasMessageContaining("field 'kind': is 'negative_positive'; expected 'ffx'").hasMessageContaining(file.toString());
        assertThat(catchThrowableOfType(() -> SecretKey.load(file, TransformKind.NEGATIVE_POSITIVE, 16, 3), KeyFileException.class))
                .hasMessageContaining("field 'block_size': is 4; expected 16").hasMessageContaining(file.toString());
        assertThat(catchThrowableOfType(() -> SecretKey.load(file, TransformKind.NEGATIVE_POSITIVE, 4, 1), KeyFileException.class))
                .hasMessageContaining("field 'channels': is 3; expected 1").hasMessageContaining(file.toString());
    }

    @Test
    void unreadableFilesAreClearErrors() throws IOException {
        SecretKey key = SecretKey.fromSeed(TransformKind.FFX, 4, 3, 5);
        Path file = dir.resolve("k.json");
        key.save(file);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.indexOf("aes_key") + 20));
        KeyFileException truncated = catchThrowableOfType(() -> SecretKey.load(file), KeyFileException.class);
        assertThat(truncated).hasMessageContaining(file.toString()).hasMessageContaining("is not valid JSON");
        assertNoMaterialIn(truncated.getMessage(), key);

        assertThat(catchThrowableOfType(() -> SecretKey.load(dir.resolve("missing.json")), KeyFileException.class))
                .hasMessageContaining("missing.json").hasMessageContaining("does not exist");
        Files.writeString(file, "[1, 2]");
        assertThat(catchThrowableOfType(() -> SecretKey.load(file), KeyFileException.class)).hasMessageContaining("expected a JSON object");
    }

    private static Arguments bad(TransformKind kind, String field, String fragment, Consumer<ObjectNode> damage) {
        return Arguments.of(kind, field, fragment, damage);
    }

    private static String flipFirst(String mask) {
        return (mask.charAt(0) == '0' ? "1" : "0") + mask.substring(1);
    }

    private static void assertNoMaterialIn(String message, SecretKey key) {
        switch (key.kind()) {
            case SHUFFLE -> {
                int[] p = key.permutation();
                assertThat(message).doesNotContain(p[0] + ", " + p[1] + ", " + p[2]).doesNotContain(p[0] + "," + p[1] + "," + p[2]);
            }
            case NEGATIVE_POSITIVE, FFX -> {
                StringBuilder m = new StringBuilder();
                for (boolean b : key.mask()) m.append(b ? '1' : '0');
                assertThat(message).doesNotContain(m.substring(8, 24));
                if (key.kind() == TransformKind.FFX) {
                    assertThat(message).doesNotContain(HexFormat.of().formatHex(key.aesKey()).substring(4, 12));
                }
            }
        }
    }
}
