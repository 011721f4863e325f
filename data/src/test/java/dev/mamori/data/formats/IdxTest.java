package dev.mamori.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7);
        return b;
    }

    @Test
    void readsRawAndGzipFilesWithTheSameContent() throws IOException {
        byte[] data = ramp(3 * 4 * 5);
        Idx.write(dir.resolve("raw"), new int[] {3, 4, 5}, data, false);
        Idx.write(dir.resolve("packed.gz"), new int[] {3, 4, 5}, data, true);
        for (String name : List.of("raw", "packed.gz")) {
            Idx.Array a = Idx.read(dir.resolve(name));
            assertThat(a.dims()).containsExactly(3, 4, 5);
            assertThat(a.data()).isEqualTo(data);
            assertThat(a.itemSize()).isEqualTo(20);
        }
        byte[] header = Arrays.copyOf(Files.readAllBytes(dir.resolve("raw")), 8);
        assertThat(header).containsExactly(0, 0, 8, 3, 0, 0, 0, 3);
    }

    @Test
    void badMagicNumberIsReportedAtOffsetZero() throws IOException {
        Path f = dir.resolve("bad");
        Files.write(f, new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> Idx.read(f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("byte offset 0").hasMessageContaining("magic");
    }

    @Test
    void unsupportedElementTypeIsNamed() throws IOException {
        Path f = dir.resolve("floats");
        Files.write(f, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("0x0D").hasMessageContaining("byte offset 2");
    }

    @Test
    void truncatedRawFileNamesWhereTheDataEnds() throws IOException {
        Path f = dir.resolve("images");
        Idx.write(f, new int[] {2, 3, 3}, ramp(18), false);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 5)); // header 16 bytes + 13 of 18 data bytes
        MalformedDataException e = (MalformedDataException) catchIo(() -> Idx.read(f));
        assertThat(e.file()).isEqualTo(f);
        assertThat(e.byteOffset()).isEqualTo(29);
        assertThat(e).hasMessageContaining("truncated").hasMessageContaining("expected 18 bytes");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path f = dir.resolve("short");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0});
        MalformedDataException e = (MalformedDataException) catchIo(() -> Idx.read(f));
        assertThat(e.byteOffset()).isEqualTo(6);
        assertThat(e).hasMessageContaining("dimension sizes");
    }

    @Test
    void truncatedGzipIsReportedWithTheDecompressedOffset() throws IOException {
        Path f = dir.resolve("images.gz");
        byte[] data = new byte[50_000];
        new java.util.Random(1).nextBytes(data); // incompressible, so the cut lands inside the data
        Idx.write(f, new int[] {50, 1000}, data, true);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        MalformedDataException e = (MalformedDataException) catchIo(() -> Idx.read(f));
        assertThat(e.file()).isEqualTo(f);
        assertThat(e.byteOffset()).isBetween(12L, 12L + 50_000);
        assertThat(e).hasMessageContaining("gzip").hasMessageContaining("truncated");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        Path f = dir.resolve("labels.gz");
        Idx.write(f, new int[] {1000}, ramp(1000), true);
        byte[] all = Files.readAllBytes(f);
        for (int i = 12; i < all.length - 8; i++) all[i] ^= 0x5A; // scramble the deflate stream
        Files.write(f, all);
        assertThatThrownBy(() -> Idx.read(f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("gzip");
    }

    @Test
    void trailingDataMeansTheHeaderLies() throws IOException {
        Path f = dir.resolve("long");
        Idx.write(f, new int[] {4}, ramp(4), false);
        Files.write(f, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
        MalformedDataException e = (MalformedDataException) catchIo(() -> Idx.read(f));
        assertThat(e.byteOffset()).isEqualTo(12);
        assertThat(e).hasMessageContaining("unexpected data");
    }

    @Test
    void aHeaderPromisingMoreThanTheFileHoldsFailsBeforeAllocating() throws IOException {
        // 32768 x 32768 = 1 GiB promised by a 24-byte file: refused from the file size, nothing allocated
        Path raw = dir.resolve("bomb");
        Files.write(raw, new byte[] {0, 0, 8, 2, 0, 0, (byte) 0x80, 0, 0, 0, (byte) 0x80, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        MalformedDataException e = (MalformedDataException) catchIo(() -> Idx.read(raw));
        assertThat(e.file()).isEqualTo(raw);
        assertThat(e.byteOffset()).isEqualTo(12);
        assertThat(e).hasMessageContaining("[32768, 32768]").hasMessageContaining("promise 1073741824 bytes").hasMessageContaining("holds 24 bytes");

        // compressed, the content size is not known up front: the buffer grows only with the bytes that arrive
        Path gz = dir.resolve("bomb.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[] {0, 0, 8, 2, 0, 0, (byte) 0x80, 0, 0, 0, (byte) 0x80, 0});
            out.write(new byte[1000]);
        }
        long before = usedHeap();
        MalformedDataException z = (MalformedDataException) catchIo(() -> Idx.read(gz));
        assertThat(z).hasMessageContaining("truncated").hasMessageContaining("expected 1073741824 bytes").hasMessageContaining("ends after 1000");
        assertThat(usedHeap() - before).as("heap grown while refusing a 1 GiB promise").isLessThan(256L << 20);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void mnistPairBecomesALabelledDataset() throws IOException {
        byte[] pixels = ramp(3 * 2 * 2);
        Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {3, 2, 2}, pixels, true);
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {3}, new byte[] {9, 0, 4}, true);
        InMemoryImageDataset ds = MnistFiles.readSplit(dir, true, MnistFiles.FASHION_MNIST_CLASSES);
        assertThat(ds.size()).isEqualTo(3);
        assertThat(ds.labels()).containsExactly(9, 0, 4);
        assertThat(ds.classes().get(9)).isEqualTo("Ankle boot");
        assertThat(((ByteImage) ds.get(1).image()).toByteArray()).isEqualTo(Arrays.copyOfRange(pixels, 4, 8));
        assertThatThrownBy(() -> MnistFiles.readSplit(dir, false, MnistFiles.MNIST_CLASSES))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("t10k-images-idx3-ubyte");
    }

    @Test
    void findsTorchvisionRawLayoutAndDottedNames() throws IOException {
        Files.createDirectories(dir.resolve("raw"));
        Idx.write(dir.resolve("raw/t10k-images.idx3-ubyte"), new int[] {1, 1, 1}, new byte[1], false);
        assertThat(MnistFiles.find(dir, "t10k", "images", "idx3")).contains(dir.resolve("raw/t10k-images.idx3-ubyte"));
    }

    @Test
    void inconsistentPairsAreRejected() throws IOException {
        Path images = dir.resolve("i"), labels = dir.resolve("l");
        Idx.write(images, new int[] {3, 2, 2}, ramp(12), false);
        Idx.write(labels, new int[] {2}, new byte[] {1, 2}, false);
        assertThatThrownBy(() -> MnistFiles.read(images, labels, MnistFiles.MNIST_CLASSES))
                .hasMessageContaining("2 labels but i has 3 images");
        Idx.write(labels, new int[] {3}, new byte[] {1, 12, 2}, false);
        MalformedDataException e = (MalformedDataException) catchIo(() -> MnistFiles.read(images, labels, MnistFiles.MNIST_CLASSES));
        assertThat(e.byteOffset()).isEqualTo(9);
        assertThat(e).hasMessageContaining("record 1").hasMessageContaining("12");
        assertThatThrownBy(() -> MnistFiles.read(labels, labels, MnistFiles.MNIST_CLASSES)).hasMessageContaining("3 dimensions");
    }

    interface IoCall {
        void run() throws IOException;
    }

    static IOException catchIo(IoCall call) {
        try {
            call.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("expected an IOException");
    }
}
