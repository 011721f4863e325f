package dev.mamori.methods.classification;

import dev.mamori.methods.testing.TinyClassifiers;
import dev.mamori.nn.io.SafeTensorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A saved classifier is untrusted input: every metadata field is checked before use, the model it describes may not
 * be larger than the file, and NaN or infinite weights are refused unless allowed. Errors name the file and field.
 */
class SavedClassifierTest {

    /** A copy of {@code good} with one metadata field replaced (null: removed), its digest recomputed (crafted on purpose). */
    private static Path withMetadata(Path good, Path out, String field, String value) throws Exception {
        return TinyClassifiers.rewrite(good, out, t -> {}, m -> {
            if (value == null) m.remove(field);
            else m.put(field, value);
        }, true);
    }

    private static void refused(Path file, String... fragments) {
        var a = assertThatThrownBy(() -> SavedClassifier.load(file)).isInstanceOf(SafeTensorsException.class).hasMessageContaining(file.toString());
        for (String f : fragments) a.hasMessageContaining(f);
    }

    @Test
    void aSavedModelLoadsWithItsDescription(@TempDir Path dir) throws Exception {
        Path f = TinyClassifiers.save(dir.resolve("m.safetensors"), 1);
        SavedClassifier.Loaded l = SavedClassifier.load(f);
        assertThat(l.info().architecture()).isEqualTo("simple_cnn");
        assertThat(l.info().classes()).isEqualTo(TinyClassifiers.CLASSES);
        assertThat(l.info().dataset()).isEqualTo("fashion-mnist");
        assertThat(l.nonFiniteTensors()).isEmpty();
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed(@TempDir Path dir) throws Exception {
        Path good = TinyClassifiers.save(dir.resolve("m.safetensors"), 1);
        Path bad = TinyClassifiers.rewrite(good, dir.resolve("nan.safetensors"), t -> {
            t.get("fc2.weight").putScalar(3, Float.NaN);
            t.get("fc2.weight").putScalar(5, Float.POSITIVE_INFINITY);
        }, m -> {}, false); // the digest covers the header only: weights may change
        refused(bad, "fc2.weight (2 of ", "NaN or infinite", "--allow-non-finite-weights");
        SavedClassifier.Loaded allowed = SavedClassifier.load(bad, true);
        assertThat(allowed.nonFiniteTensors()).singleElement().asString().startsWith("fc2.weight");
    }

    @Test
    void everyMetadataFieldIsCheckedAndNamed(@TempDir Path dir) throws Exception {
        Path good = TinyClassifiers.save(dir.resolve("m.safetensors"), 1);
        refused(withMetadata(good, dir.resolve("a.safetensors"), "config", "null"), "metadata field 'config' is null");
        refused(withMetadata(good, dir.resolve("b.safetensors"), "config", "[1]"), "metadata field 'config'", "JSON object");
        refused(withMetadata(good, dir.resolve("c.safetensors"), "config", "{\"width\": 3000000000}"), "'config.width'", "32 bits");
        refused(withMetadata(good, dir.resolve("d.safetensors"), "config", "{\"width\": -3}"), "'architecture' and 'config'", "negative size");
        // a width that would need gigabytes is refused before anything that size is allocated
        refused(withMetadata(good, dir.resolve("e.safetensors"), "config", "{\"width\": 200000, \"hidden\": 8}"), "do not describe a model that fits",
                "more than");
        refused(withMetadata(good, dir.resolve("f.safetensors"), "config", "{\"width\": 4, \"hidden\": 8}"), "'architecture' and 'config'");
        refused(withMetadata(good, dir.resolve("g.safetensors"), "architecture", "resnet9000"), "'architecture'", "unknown model 'resnet9000'");
        refused(withMetadata(good, dir.resolve("h.safetensors"), "dataset", null), "metadata field 'dataset' is missing");
        refused(withMetadata(good, dir.resolve("i.safetensors"), "classes", "[\"a\", \"b\", \"c\"]"), "'classes' names 3 classes, expected 10");
        refused(withMetadata(good, dir.resolve("j.safetensors"), "classes", "[\"a\", 5]"), "'classes[1]'");
        refused(withMetadata(good, dir.resolve("k.safetensors"), "normalize_std", "[0]"), "'normalize_std[0]'", "positive");
        refused(withMetadata(good, dir.resolve("l.safetensors"), "normalize_mean", "[0.5, 0.5]"), "one per input channel");
        refused(withMetadata(good, dir.resolve("m2.safetensors"), "normalize_mean", "NaN"), "'normalize_mean' is not valid JSON");
        refused(withMetadata(good, dir.resolve("n.safetensors"), "format", "other"), "'format' is 'other'");
        refused(withMetadata(good, dir.resolve("o.safetensors"), "config", "{\"mlpRatio\": 1}"), "'architecture' and 'config'");
        // the same kind of change without recomputing the digest: the header was damaged after it was written
        refused(TinyClassifiers.rewrite(good, dir.resolve("p.safetensors"), t -> {}, m -> m.put("normalize_mean", "[0.4]"), false),
                "'header_sha256' does not match the header");
        assertThat(SavedClassifier.load(withMetadata(good, dir.resolve("q.safetensors"), "normalize_mean", "[0.4]")).info().mean())
                .as("a consistent change made on purpose is what the file says").containsExactly(0.4);
    }
}
