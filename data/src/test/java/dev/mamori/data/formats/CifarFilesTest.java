package dev.mamori.data.formats;

import static dev.mamori.data.formats.IdxTest.catchIo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarFilesTest {
    @TempDir Path dir;

    /** Records whose pixel bytes are (record seed + position) and whose label bytes are given. */
    private static byte[] records(int labelBytes, int[][] labels, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < labels.length; r++) {
            for (int b = 0; b < labelBytes; b++) out.write(labels[r][b]);
            for (int p = 0; p < CifarFiles.PIXELS; p++) out.write(seed + r + p);
        }
        return out.toByteArray();
    }

    private void writeCifar10(int perBatch) throws IOException {
        for (int k = 1; k <= 5; k++) {
            int[][] labels = new int[perBatch][];
            for (int r = 0; r < perBatch; r++) labels[r] = new int[] {(k + r) % 10};
            Files.write(dir.resolve("data_batch_" + k + ".bin"), records(1, labels, k * 10));
        }
        Files.write(dir.resolve("test_batch.bin"), records(1, new int[][] {{3}}, 99));
    }

    @Test
    void cifar10ConcatenatesTheFiveBatchesInOrder() throws IOException {
        writeCifar10(2);
        InMemoryImageDataset train = CifarFiles.cifar10(dir, true);
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.labels()).containsExactly(1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        ByteImage img = (ByteImage) train.get(3).image(); // batch 2, record 1: seed 20 + 1
        assertThat(img.shapeString()).isEqualTo("3x32x32");
        assertThat(img.get(0, 0, 0)).isEqualTo(21);
        assertThat(img.get(1, 0, 0)).isEqualTo((21 + 1024) & 0xFF); // green plane starts after 1024 red bytes
        assertThat(img.get(0, 1, 2)).isEqualTo((21 + 34) & 0xFF);
        assertThat(train.classes()).isEqualTo(CifarFiles.CIFAR10_CLASSES);
        InMemoryImageDataset test = CifarFiles.cifar10(dir, false);
        assertThat(test.labels()).containsExactly(3);
    }

    @Test
    void classNamesComeFromBatchesMeta() throws IOException {
        writeCifar10(1);
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        assertThat(CifarFiles.cifar10(dir, false).classes()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    }

    @Test
    void truncatedRecordIsNamedWithItsOffset() throws IOException {
        writeCifar10(3);
        Path f = dir.resolve("data_batch_4.bin");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 100));
        MalformedDataException e = (MalformedDataException) catchIo(() -> CifarFiles.cifar10(dir, true));
        assertThat(e.file()).isEqualTo(f);
        assertThat(e.byteOffset()).isEqualTo(2 * 3073);
        assertThat(e).hasMessageContaining("truncated record 2").hasMessageContaining("3073");
    }

    @Test
    void impossibleLabelIsCorruption() throws IOException {
        writeCifar10(2);
        Path f = dir.resolve("data_batch_1.bin");
        byte[] all = Files.readAllBytes(f);
        all[3073] = (byte) 200;
        Files.write(f, all);
        MalformedDataException e = (MalformedDataException) catchIo(() -> CifarFiles.cifar10(dir, true));
        assertThat(e.byteOffset()).isEqualTo(3073);
        assertThat(e).hasMessageContaining("record 1").hasMessageContaining("200");
    }

    @Test
    void missingBatchIsNamed() throws IOException {
        writeCifar10(1);
        Files.delete(dir.resolve("data_batch_5.bin"));
        assertThatThrownBy(() -> CifarFiles.cifar10(dir, true)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("data_batch_5.bin");
    }

    @Test
    void cifar100HasCoarseAndFineLabels() throws IOException {
        Files.write(dir.resolve("train.bin"), records(2, new int[][] {{19, 99}, {0, 5}, {7, 42}}, 0));
        InMemoryImageDataset fine = CifarFiles.cifar100(dir, true, CifarFiles.Cifar100Label.FINE);
        InMemoryImageDataset coarse = CifarFiles.cifar100(dir, true, CifarFiles.Cifar100Label.COARSE);
        assertThat(fine.labels()).containsExactly(99, 5, 42);
        assertThat(coarse.labels()).containsExactly(19, 0, 7);
        assertThat(fine.classes()).hasSize(100);
        assertThat(coarse.classes()).hasSize(20);
        assertThat(((ByteImage) fine.get(1).image()).get(0, 0, 0)).isEqualTo(1);
        Files.write(dir.resolve("test.bin"), records(2, new int[][] {{20, 1}}, 0));
        assertThatThrownBy(() -> CifarFiles.cifar100(dir, false, CifarFiles.Cifar100Label.FINE))
                .hasMessageContaining("coarse label 20").hasMessageContaining("byte offset 0");
        assertThatThrownBy(() -> CifarFiles.readCifar10(List.of(dir.resolve("train.bin")), CifarFiles.CIFAR10_CLASSES))
                .isInstanceOf(MalformedDataException.class); // 3074-byte records are not CIFAR-10
    }
}
