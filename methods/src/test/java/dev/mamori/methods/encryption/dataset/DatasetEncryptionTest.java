package dev.mamori.methods.encryption.dataset;

import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streaming a split through an encoder into a file, reading it back, and refusing broken files. */
class DatasetEncryptionTest {

    static InMemoryImageDataset dataset(int n, int c, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[n * c * size * size];
        rng.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(3);
        return new InMemoryImageDataset(c, size, size, pixels, labels, List.of("a", "b", "c"));
    }

    static INDArray plain(InMemoryImageDataset ds, int from, int to) {
        float[] v = new float[(to - from) * ds.channels() * ds.height() * ds.width()];
        int len = ds.channels() * ds.height() * ds.width();
        for (int i = from; i < to; i++) System.arraycopy(ds.get(i).image().toFloat().pixels(), 0, v, (i - from) * len, len);
        return Nd4j.create(v, new long[]{to - from, ds.channels(), ds.height(), ds.width()}, 'c');
    }

    @Test
    void anEtcEncryptedSplitIsStoredAsBytesAndReadsBackExactly(@TempDir Path dir) throws Exception {
        InMemoryImageDataset ds = dataset(23, 3, 8, 1);
        ImageEncoder etc = Scheme.encoder(Scheme.ETC.fromSeed(4, new KeyGeometry(3, 8, 8, 4), SchemeOptions.defaults()));
        Path file = dir.resolve("train.safetensors");
        DatasetEncryption.Result r = DatasetEncryption.run(ds, etc, 5, file, "toy", "train", null);
        assertThat(r.images()).isEqualTo(23);
        assertThat(r.bytes()).isTrue();
        assertThat(r.imagesPerSecond()).isPositive();
        assertThat(Files.size(file)).isLessThan(23L * 192 + 23 * 8 + 2048); // one byte per value
        try (EncryptedDatasetFile f = EncryptedDatasetFile.open(file)) {
            assertThat(f.size()).isEqualTo(23);
            assertThat(f.classes()).containsExactly("a", "b", "c");
            assertThat(f.info().scheme()).isEqualTo("etc");
            assertThat(f.info().keyFingerprint()).isEqualTo(etc.keyFingerprint());
            assertThat(f.info().encodeBatchSize()).isEqualTo(5);
            INDArray expected = etc.encode(plain(ds, 0, 23));
            for (int i = 0; i < 23; i++) {
                LabeledImage ex = f.get(i);
                assertThat(ex.label()).isEqualTo(ds.labelAt(i));
                assertThat(f.labelAt(i)).isEqualTo(ds.labelAt(i));
                INDArray got = Nd4j.create(ex.image().toFloat().pixels(), new long[]{1, 3, 8, 8}, 'c');
                // bytes hold the 8-bit encryption; 1 - k/255 computed in float32 may differ from (255 - k)/255 in the last bit
                assertThat(dev.mamori.nn.io.OracleFixture.compare("image " + i, got,
                        expected.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup(), 1e-6, 0)).isEmpty();
            }
        }
        // any safetensors reader sees the tensors
        Map<String, INDArray> t = SafeTensors.read(file).tensors();
        assertThat(t.get("images").shape()).containsExactly(23, 3, 8, 8);
        assertThat(t.get("labels").shape()).containsExactly(23);
    }

    @Test
    void neuraCryptTokensAreStoredAsFloatsWithTheBatchesTheEncoderSaw(@TempDir Path dir) throws Exception {
        InMemoryImageDataset ds = dataset(10, 1, 8, 2);
        KeyGeometry g = new KeyGeometry(1, 8, 8, 4);
        SchemeOptions o = new SchemeOptions(4, 8, 1, 6, "sum");
        var key = Scheme.NEURACRYPT.fromSeed(1, g, o);
        Path file = dir.resolve("nc.safetensors");
        DatasetEncryption.Result r = DatasetEncryption.run(ds, Scheme.encoder(key, KeySource.seeded(9)), 4, file, "toy", "test", null);
        assertThat(r.bytes()).isFalse();
        ImageEncoder again = Scheme.encoder(key, KeySource.seeded(9));
        INDArray expected = Nd4j.concat(0, again.encode(plain(ds, 0, 4)), again.encode(plain(ds, 4, 8)), again.encode(plain(ds, 8, 10)));
        try (EncryptedDatasetFile f = EncryptedDatasetFile.open(file)) {
            assertThat(f.info().imageShape()).containsExactly(6, 2, 2);
            for (int i = 0; i < 10; i++) {
                float[] got = f.get(i).image().toFloat().pixels();
                assertThat(got).containsExactly(expected.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup('c').data().asFloat());
            }
        }
    }

    @Test
    void brokenAndForeignFilesAreClearErrorsAndFailedWritesLeaveNoFile(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.safetensors");
        DatasetEncryption.run(dataset(6, 1, 4, 3), Scheme.encoder(Scheme.BLOCK_SHUFFLE.fromSeed(1, new KeyGeometry(1, 4, 4, 2), SchemeOptions.defaults())),
                4, good, "toy", "train", null);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> EncryptedDatasetFile.open(truncated)).hasMessageContaining(truncated.toString());

        Path foreign = dir.resolve("foreign.safetensors");
        SafeTensors.write(foreign, Map.of("images", Nd4j.zeros(2, 1, 4, 4)), Map.of("format", "something-else"));
        assertThatThrownBy(() -> EncryptedDatasetFile.open(foreign)).hasMessageContaining("'format'").hasMessageContaining(foreign.toString());

        Path badLabel = dir.resolve("label.safetensors");
        Map<String, INDArray> t = new java.util.LinkedHashMap<>(SafeTensors.read(good).tensors());
        t.put("labels", Nd4j.createFromArray(new long[]{0, 1, 7, 0, 0, 0}));
        SafeTensors.write(badLabel, t, SafeTensors.read(good).metadata());
        assertThatThrownBy(() -> EncryptedDatasetFile.open(badLabel)).hasMessageContaining("label of example 2 is 7");

        Path shortWrite = dir.resolve("short.safetensors");
        var w = EncryptedDatasetFile.writer(shortWrite, 3, new long[]{1, 2, 2}, true, Map.of("scheme", "x", "key_fingerprint", "y", "classes", "[\"a\"]",
                "encode_batch_size", "1"));
        w.append(Nd4j.zeros(1, 1, 2, 2), new int[]{0});
        assertThatThrownBy(w::close).hasMessageContaining("1 of the 3 announced images");
        assertThat(shortWrite).doesNotExist();
        var w2 = EncryptedDatasetFile.writer(shortWrite, 1, new long[]{1, 2, 2}, true, Map.of());
        assertThatThrownBy(() -> w2.append(Nd4j.ones(1, 1, 2, 2).muli(0.3333), new int[]{0})).hasMessageContaining("8-bit grid");
        w2.close();
        assertThat(shortWrite).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
