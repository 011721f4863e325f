package dev.mamori.methods.classification;

import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.formats.Idx;
import dev.mamori.data.formats.MnistFiles;
import dev.mamori.methods.testing.TinyClassifiers;
import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded mutations of the untrusted files Mamori reads - a saved classifier (safetensors: header, metadata, tensor
 * bytes) and an MNIST pair of IDX files (raw and gzip) - each loaded as the product loads it. The oracle, per mutant:
 * <ol>
 *   <li><b>No crash</b>: loading returns, or throws an {@link IOException} or {@link IllegalArgumentException} whose
 *       message names the file. Anything else (a NullPointerException, an arithmetic overflow, a negative array size,
 *       an out-of-memory error) fails the test.</li>
 *   <li><b>No hang</b>: each load finishes within {@value #TIMEOUT_SECONDS} seconds.</li>
 *   <li><b>No silent acceptance</b>: a mutant that loads must be equivalent to the original where the change matters.
 *       Byte mutants: if every changed byte lies in the data region of a file of unchanged length (tensor bytes after
 *       a safetensors header; pixel and label bytes after a raw IDX header), the values may differ (edited weights
 *       and pixels are legitimate files; weights must then still be finite, labels still in range); any other change
 *       that loads (header, metadata, length, gzip stream) must give exactly the original model or dataset (a
 *       harmless change, such as a gzip header's time stamp). Crafted metadata (the header digest recomputed, as a
 *       deliberate edit would): a model that loads must be consistent with what the file says - as many class names
 *       as outputs, one finite mean and one positive finite std per input channel, finite weights.</li>
 * </ol>
 */
class UntrustedFileMutationTest {
    private static final int TIMEOUT_SECONDS = 30;
    private static final long SEED = 20261207L;

    /** What one mutation did: the bytes it changed (positions in the original) and whether the length changed. */
    private record Mutant(byte[] bytes, String description, int firstChanged, boolean lengthChanged) {}

    /** A random byte-level mutation; half of them are aimed at the first {@code headerBytes} bytes. */
    private static Mutant mutate(byte[] original, int headerBytes, SplittableRandom rng) {
        byte[] b = original.clone();
        int at = rng.nextBoolean() ? rng.nextInt(headerBytes) : rng.nextInt(original.length);
        switch (rng.nextInt(7)) {
            case 0 -> {
                int bit = rng.nextInt(8);
                b[at] ^= (byte) (1 << bit);
                return new Mutant(b, "flip bit " + bit + " of byte " + at, at, false);
            }
            case 1 -> {
                byte v = (byte) rng.nextInt(256);
                b[at] = v;
                return new Mutant(b, "set byte " + at + " to " + (v & 0xff), at, false);
            }
            case 2 -> {
                // a digit of the header's text replaced by another digit: numbers in shapes, offsets and metadata
                List<Integer> digits = new ArrayList<>();
                for (int i = 0; i < headerBytes; i++) if (original[i] >= '0' && original[i] <= '9') digits.add(i);
                if (digits.isEmpty()) return mutate(original, headerBytes, rng);
                int i = digits.get(rng.nextInt(digits.size()));
                b[i] = (byte) ('0' + (original[i] - '0' + 1 + rng.nextInt(9)) % 10);
                return new Mutant(b, "digit at byte " + i + " changed to " + (char) b[i], i, false);
            }
            case 3 -> {
                int len = rng.nextInt(original.length);
                return new Mutant(Arrays.copyOf(original, len), "truncated to " + len + " bytes", len, true);
            }
            case 4 -> {
                byte[] longer = Arrays.copyOf(original, original.length + 1 + rng.nextInt(16));
                for (int i = original.length; i < longer.length; i++) longer[i] = (byte) rng.nextInt(256);
                return new Mutant(longer, "appended " + (longer.length - original.length) + " bytes", original.length, true);
            }
            case 5 -> {
                byte[] shorter = new byte[original.length - 1];
                System.arraycopy(original, 0, shorter, 0, at);
                System.arraycopy(original, at + 1, shorter, at, original.length - at - 1);
                return new Mutant(shorter, "deleted byte " + at, at, true);
            }
            default -> {
                byte[] longer = new byte[original.length + 1];
                System.arraycopy(original, 0, longer, 0, at);
                longer[at] = (byte) rng.nextInt(256);
                System.arraycopy(original, at, longer, at + 1, original.length - at);
                return new Mutant(longer, "inserted a byte at " + at, at, true);
            }
        }
    }

    /** Loads within the time limit; returns the value, or null when the load was refused with a clear error. */
    private static <T> T loadOrRefuse(Path file, String what, Callable<T> load) {
        return assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), () -> {
            try {
                return load.call();
            } catch (IOException | IllegalArgumentException e) {
                assertThat(e.getMessage()).as(what + ": the error names the file").contains(file.getFileName().toString());
                return null;
            } catch (Throwable t) {
                throw new AssertionError(what + ": crashed with " + t, t);
            }
        }, what + ": hung");
    }

    // ------------------------------------------------------------------ saved classifiers

    @Test
    void mutatedModelFilesAreRefusedOrEquivalent(@TempDir Path dir) throws Exception {
        Path good = TinyClassifiers.save(dir.resolve("good.safetensors"), 3);
        byte[] original = Files.readAllBytes(good);
        int dataStart = 8 + (int) ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SavedClassifier.Loaded reference = SavedClassifier.load(good);
        SplittableRandom rng = new SplittableRandom(SEED);
        int refused = 0, accepted = 0, edited = 0;
        for (int i = 0; i < 300; i++) {
            Mutant m = mutate(original, dataStart, rng);
            Path f = dir.resolve("mutant-" + i + ".safetensors");
            Files.write(f, m.bytes());
            String what = "model mutant " + i + " (" + m.description() + ")";
            SavedClassifier.Loaded l = loadOrRefuse(f, what, () -> SavedClassifier.load(f));
            if (l == null) {
                refused++;
                continue;
            }
            accepted++;
            assertThat(l.info()).as(what + ": description").usingRecursiveComparison().isEqualTo(reference.info());
            boolean dataOnly = !m.lengthChanged() && m.firstChanged() >= dataStart;
            Map<String, INDArray> got = l.model().model.stateDict(), want = reference.model().model.stateDict();
            assertThat(got.keySet()).as(what).containsExactlyElementsOf(want.keySet());
            for (String k : want.keySet()) {
                assertThat(got.get(k).shape()).as(what + ": shape of " + k).isEqualTo(want.get(k).shape());
                double[] v = got.get(k).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
                for (double x : v) assertThat(Double.isFinite(x)).as(what + ": finite " + k).isTrue();
                if (!dataOnly) assertThat(got.get(k)).as(what + ": a change outside the tensor bytes changed " + k).isEqualTo(want.get(k));
            }
            if (dataOnly && !l.model().model.stateDict().equals(want)) edited++;
        }
        System.out.printf("model mutants: %d refused, %d loaded (%d with edited weights)%n", refused, accepted, edited);
        assertThat(refused).as("most mutants damage the file").isGreaterThan(100);
    }

    @Test
    void craftedMetadataIsRefusedOrConsistent(@TempDir Path dir) throws Exception {
        Path good = TinyClassifiers.save(dir.resolve("good.safetensors"), 3);
        Map<String, List<String>> values = Map.of(
                "config", List.of("null", "{}", "[]", "7", "\"x\"", "{\"width\": -1, \"hidden\": 8}", "{\"width\": 0, \"hidden\": 8}",
                        "{\"width\": 2147483647, \"hidden\": 8}", "{\"width\": 9999999999, \"hidden\": 8}", "{\"width\": 2.5, \"hidden\": 8}",
                        "{\"width\": \"two\", \"hidden\": 8}", "{\"width\": {\"a\": 1}, \"hidden\": 8}", "{\"width\": 2, \"hidden\": 8, \"depth\": 3}",
                        "{\"width\": 2, \"hidden\": 8, \"numClasses\": 3}", "{\"width\": 2, \"hidden\": 8, \"inChannels\": 3}",
                        "{\"width\": 2, \"hidden\": 8, \"imageSize\": 100000}", "{\"width\": 2, \"hidden\": 8, \"imageSize\": -28}",
                        "{\"width\": 2, \"hidden\": 65536}", "{\"width\": 1e308, \"hidden\": 8}"),
                "classes", List.of("null", "[]", "[\"a\", \"b\", \"c\"]", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "\"abc\"",
                        "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",null]",
                        "[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]"),
                "normalize_mean", List.of("null", "[]", "[0.5, 0.5]", "[\"a\"]", "[1e309]", "[-3]", "0.5", "[NaN]"),
                "normalize_std", List.of("[0]", "[-1]", "[1e-320]", "[1e309]", "[]", "[2]"),
                "architecture", List.of("", "vit", "convmixer_128_8", "resnet18", "simple_cnn ", "../../etc/passwd"),
                "dataset", List.of("", "mnist", "no-such-dataset"),
                "format", List.of("", "mamori-classifier-2", "mamori-checkpoint-2"));
        int i = 0, refused = 0, accepted = 0;
        for (Map.Entry<String, List<String>> field : values.entrySet()) {
            for (String value : field.getValue()) {
                Path f = TinyClassifiers.rewrite(good, dir.resolve("crafted-" + i++ + ".safetensors"), t -> {}, m -> m.put(field.getKey(), value), true);
                String what = "metadata " + field.getKey() + " = " + value;
                SavedClassifier.Loaded l = loadOrRefuse(f, what, () -> SavedClassifier.load(f));
                if (l == null) {
                    refused++;
                    continue;
                }
                accepted++;
                assertThat(l.info().classes()).as(what + ": a name per output").hasSize(l.model().numClasses());
                assertThat(l.info().mean()).as(what).hasSize(l.model().inChannels());
                assertThat(l.info().std()).as(what).hasSize(l.model().inChannels());
                assertThat(Arrays.stream(l.info().mean()).allMatch(Double::isFinite)).as(what + ": finite means").isTrue();
                assertThat(Arrays.stream(l.info().std()).allMatch(s -> s > 0 && Double.isFinite(s))).as(what + ": positive stds").isTrue();
                assertThat(SavedClassifier.nonFiniteTensors(l.model().model.stateDict())).as(what).isEmpty();
            }
        }
        System.out.printf("crafted metadata: %d refused, %d loaded consistently%n", refused, accepted);
        // removing a field altogether
        for (String field : List.of("config", "classes", "normalize_mean", "normalize_std", "architecture", "dataset", "format")) {
            Path f = TinyClassifiers.rewrite(good, dir.resolve("without-" + field + ".safetensors"), t -> {}, m -> m.remove(field), true);
            assertThat((Object) loadOrRefuse(f, "without " + field, () -> SavedClassifier.load(f))).as("without " + field).isNull();
        }
    }

    // ------------------------------------------------------------------ IDX files

    @Test
    void mutatedIdxFilesAreRefusedOrEquivalent(@TempDir Path dir) throws Exception {
        SplittableRandom data = new SplittableRandom(SEED + 1);
        int n = 12;
        byte[] pixels = new byte[n * 28 * 28];
        int[] labelValues = new int[n];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) data.nextInt(256);
        for (int i = 0; i < n; i++) labels[i] = (byte) (labelValues[i] = data.nextInt(10));
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        int refused = 0, accepted = 0;
        for (boolean gzip : new boolean[]{false, true}) {
            Path images = dir.resolve(gzip ? "images.gz" : "images"), labelFile = dir.resolve(gzip ? "labels.gz" : "labels");
            Idx.write(images, new int[]{n, 28, 28}, pixels, gzip);
            Idx.write(labelFile, new int[]{n}, labels, gzip);
            InMemoryImageDataset reference = MnistFiles.read(images, labelFile, classes);
            for (int i = 0; i < 200; i++) {
                boolean mutateImages = rng.nextBoolean();
                Path target = mutateImages ? images : labelFile;
                byte[] original = Files.readAllBytes(target);
                int header = gzip ? 10 : (mutateImages ? 16 : 8); // gzip: its own 10-byte header; raw: magic and dimensions
                Mutant m = mutate(original, header, rng);
                Path mi = dir.resolve("m" + i + (gzip ? "-images.gz" : "-images")), ml = dir.resolve("m" + i + (gzip ? "-labels.gz" : "-labels"));
                Files.write(mi, mutateImages ? m.bytes() : Files.readAllBytes(images));
                Files.write(ml, mutateImages ? Files.readAllBytes(labelFile) : m.bytes());
                String what = (gzip ? "gzip " : "raw ") + (mutateImages ? "images" : "labels") + " mutant " + i + " (" + m.description() + ")";
                Path named = mutateImages ? mi : ml;
                InMemoryImageDataset d = loadOrRefuse(named, what, () -> MnistFiles.read(mi, ml, classes));
                if (d == null) {
                    refused++;
                    continue;
                }
                accepted++;
                assertThat(d.size()).as(what).isEqualTo(n);
                assertThat(new int[]{d.channels(), d.height(), d.width()}).as(what + ": image shape").containsExactly(1, 28, 28);
                boolean dataOnly = !gzip && !m.lengthChanged() && m.firstChanged() >= header;
                for (int k = 0; k < n; k++) {
                    assertThat(d.labelAt(k)).as(what + ": label in range").isBetween(0, 9);
                    if (dataOnly) continue;
                    assertThat(d.labelAt(k)).as(what + ": label " + k).isEqualTo(reference.labelAt(k));
                    assertThat(((dev.mamori.data.ByteImage) d.get(k).image()).toByteArray()).as(what + ": image " + k)
                            .isEqualTo(((dev.mamori.data.ByteImage) reference.get(k).image()).toByteArray());
                }
            }
        }
        System.out.printf("IDX mutants: %d refused, %d loaded%n", refused, accepted);
        assertThat(refused).isGreaterThan(100);
    }
}
