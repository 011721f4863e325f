package dev.mamori.methods.encryption;

import dev.mamori.methods.crypto.KeyFileException;
import dev.mamori.methods.crypto.OwnerOnlyFiles;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.encryption.schemes.LeKey;
import dev.mamori.methods.testing.KeyLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key files of every scheme: round trip, owner-only, geometry checks naming file and field, damage detected, nothing leaked. */
class EncryptionKeyFileTest {
    private static final SchemeOptions SMALL = new SchemeOptions(4, 8, 1, 8, "concat");

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void everySchemeRoundTripsThroughAnOwnerOnlyFile(Scheme scheme, @TempDir Path dir) throws Exception {
        KeyGeometry g = scheme.geometry(3, 8, 12, SMALL);
        EncryptionKey key = scheme.random(g, SMALL);
        Path file = dir.resolve("k.key");
        Scheme.save(file, key);
        assertThat(OwnerOnlyFiles.isOwnerOnly(file)).isTrue();
        EncryptionKey back = Scheme.loadAny(file, g);
        assertThat(back).isEqualTo(key);
        assertThat(back.id()).isEqualTo(key.id());
        String text = Files.readString(file);
        assertThat(text).contains("\"id\" : \"" + key.id() + "\"").doesNotContain("fingerprint")
                .doesNotContain(KeyLeaks.legacyFingerprint(key));
        assertThat(scheme.load(file, g)).isEqualTo(key);
        assertThatThrownBy(() -> Scheme.save(file, key)).hasMessageContaining("refusing to overwrite");
    }

    @Test
    void aKeyForAnotherImageOrBlockSizeIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("etc.key");
        Scheme.save(file, Scheme.ETC.random(new KeyGeometry(3, 32, 32, 4), SMALL));
        assertThatThrownBy(() -> Scheme.loadAny(file, new KeyGeometry(3, 28, 28, 4)))
                .isInstanceOf(KeyFileException.class).hasMessageContaining(file.toString()).hasMessageContaining("'geometry.height'")
                .hasMessageContaining("is 32; expected 28");
        assertThatThrownBy(() -> Scheme.load(file, Scheme.ETC, 3, 32, 32, 8))
                .isInstanceOf(KeyFileException.class).hasMessageContaining(file.toString()).hasMessageContaining("'geometry.block_size'");
        assertThatThrownBy(() -> Scheme.load(file, Scheme.ETC, 1, 0, 0, 0)).hasMessageContaining("'geometry.channels'");
        assertThatThrownBy(() -> Scheme.PE.load(file, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'scheme'")
                .hasMessageContaining("'etc'");
        assertThat(Scheme.load(file, Scheme.ETC, 3, 32, 32, 0).geometry().blockSize()).isEqualTo(4);
    }

    @Test
    void editedMaterialOrIdBreaksTheChecksumAndErrorsQuoteNoMaterial(@TempDir Path dir) throws Exception {
        KeyGeometry g = new KeyGeometry(3, 8, 8, 4);
        LeKey key = (LeKey) Scheme.LE.random(g, SMALL);
        Path file = dir.resolve("le.key");
        Scheme.save(file, key);
        String text = Files.readString(file);
        int[] p = key.shuffleKey().permutation();
        // swap two entries of the shuffle: still a permutation, another key
        String first = "\"ints\" : [ " + p[0] + ", " + p[1] + ",";
        assertThat(text).contains(first);
        Path edited = dir.resolve("edited.key");
        Files.writeString(edited, text.replace(first, "\"ints\" : [ " + p[1] + ", " + p[0] + ","));
        assertThatThrownBy(() -> Scheme.loadAny(edited, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'checksum'")
                .satisfies(e -> assertThat(KeyLeaks.foundIn(e.getMessage(), key.shuffleKey())).isEmpty())
                .satisfies(e -> assertThat(KeyLeaks.foundIn(e.getMessage(), key.inversionKey())).isEmpty());
        Path broken = dir.resolve("broken.key");
        Files.writeString(broken, text.replace(first, "\"ints\" : [ " + p[0] + ", " + p[0] + ","));
        assertThatThrownBy(() -> Scheme.loadAny(broken, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'material'")
                .hasMessageContaining("not a permutation")
                .satisfies(e -> assertThat(KeyLeaks.foundIn(e.getMessage(), key.shuffleKey())).isEmpty());
        Path truncated = dir.resolve("truncated.key");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> Scheme.loadAny(truncated, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(KeyLeaks.foundIn(e.getMessage(), key.shuffleKey())).isEmpty());
        Path unknown = dir.resolve("unknown.key");
        Files.writeString(unknown, text.replace("\"scheme\"", "\"comment\" : \"x\", \"scheme\""));
        assertThatThrownBy(() -> Scheme.loadAny(unknown, null)).hasMessageContaining("'comment'").hasMessageContaining("unknown field");
        Path missingPart = dir.resolve("missing.key");
        Files.writeString(missingPart, text.replace("\"inversion\"", "\"inverted\""));
        assertThatThrownBy(() -> Scheme.loadAny(missingPart, null)).hasMessageContaining("'inversion' is missing");
        // the id is covered by the checksum: a file cannot be relabelled as another key
        Path relabelled = dir.resolve("relabelled.key");
        Files.writeString(relabelled, text.replace(key.id(), "0123456789abcdef"));
        assertThatThrownBy(() -> Scheme.loadAny(relabelled, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'checksum'");
        Path badId = dir.resolve("bad-id.key");
        Files.writeString(badId, text.replace(key.id(), "ABC"));
        assertThatThrownBy(() -> Scheme.loadAny(badId, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'id'");
        // version 1 showed a digest of the material as the key's fingerprint: refused, with the reason
        Path v1 = dir.resolve("v1.key");
        Files.writeString(v1, text.replace("\"version\" : 2", "\"version\" : 1"));
        assertThatThrownBy(() -> Scheme.loadAny(v1, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'version'")
                .hasMessageContaining("no longer read");
    }

    @Test
    void otherFilesAreRefusedClearly(@TempDir Path dir) throws Exception {
        Path blockwise = dir.resolve("blockwise.key");
        SecretKey.random(TransformKind.SHUFFLE, 4, 3).save(blockwise);
        assertThatThrownBy(() -> Scheme.loadAny(blockwise, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("'format'")
                .hasMessageContaining("SecretKey.load");
        assertThatThrownBy(() -> Scheme.loadAny(dir.resolve("none.key"), null)).hasMessageContaining("does not exist");
        Path huge = dir.resolve("huge.key");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(EncryptionKeyFile.MAX_BYTES + 1); // sparse: no disk used
        }
        assertThatThrownBy(() -> Scheme.loadAny(huge, null)).hasMessageContaining("refused");
        Path nan = dir.resolve("nan.key");
        KeyGeometry g = new KeyGeometry(1, 8, 8, 4);
        Scheme.save(nan, Scheme.NEURACRYPT.random(g, SMALL));
        String text = Files.readString(nan);
        int at = text.indexOf("\"float32\" : \"") + "\"float32\" : \"".length();
        Files.writeString(nan, text.substring(0, at) + "AADA/wAA" + text.substring(at + 8)); // the first float becomes NaN
        assertThatThrownBy(() -> Scheme.loadAny(nan, null)).isInstanceOf(KeyFileException.class).hasMessageContaining("not a finite number");
    }

    @Test
    void aFileOthersCanReadIsLoadedWithAWarningAndTextThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("etc.key");
        EncryptionKey key = Scheme.ETC.random(new KeyGeometry(3, 8, 8, 4), SMALL);
        Scheme.save(file, key);
        java.util.List<String> warnings = new java.util.ArrayList<>();
        EncryptionKeyFile.KeyBuilder builder = (scheme, g, m) -> Scheme.fromConfigName(scheme).fromMaterial(g, m);
        assertThat(EncryptionKeyFile.read(file, null, 0, 0, 0, 0, builder, warnings::add).id()).isEqualTo(key.id());
        assertThat(warnings).as("an owner-only file loads silently").isEmpty();

        Files.setPosixFilePermissions(file, java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OTHERS_READ));
        assertThat(EncryptionKeyFile.read(file, null, 0, 0, 0, 0, builder, warnings::add).id()).isEqualTo(key.id());
        assertThat(warnings).singleElement().asString().contains(file.toString()).contains("rw----r--").contains("chmod 600");

        Path latin1 = dir.resolve("latin1.key");
        Files.write(latin1, new byte[]{'{', '"', (byte) 0xE9, '"', ':', '1', '}'}); // 0xE9 alone is not UTF-8
        assertThatThrownBy(() -> Scheme.loadAny(latin1, null)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(latin1.toString()).hasMessageContaining("not UTF-8");
    }

    @Test
    void aKeyOfTheKeyDefenseAndAnEncryptionKeyEachNameTheOtherReader(@TempDir Path dir) throws Exception {
        Path encryption = dir.resolve("etc.key");
        Scheme.save(encryption, Scheme.ETC.random(new KeyGeometry(3, 8, 8, 4), SMALL));
        assertThatThrownBy(() -> SecretKey.load(encryption)).isInstanceOf(KeyFileException.class).hasMessageContaining("'format'")
                .hasMessageContaining("Scheme.loadAny");
    }
}
