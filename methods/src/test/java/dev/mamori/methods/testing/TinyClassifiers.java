package dev.mamori.methods.testing;

import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;

import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A tiny saved classifier file (simple_cnn, width 2, hidden 8: 28x28 grey images, 10 classes) for load and mutation tests. */
public final class TinyClassifiers {
    public static final Map<String, Object> CONFIG = Map.of("width", 2, "hidden", 8);
    public static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");

    private TinyClassifiers() {}

    /**
     * Rewrites {@code source} into {@code target} with edited tensors and metadata; with {@code resign} the header
     * digest is recomputed (a file crafted on purpose), without it the digest is stale (a file damaged after writing).
     */
    public static Path rewrite(Path source, Path target, Consumer<Map<String, INDArray>> tensors, Consumer<Map<String, String>> metadata,
                               boolean resign) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(source);
        Map<String, INDArray> t = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> t.put(k, v.dup()));
        Map<String, String> m = new LinkedHashMap<>(c.metadata());
        tensors.accept(t);
        metadata.accept(m);
        SafeTensors.write(target, t, m);
        if (resign) {
            m.put(SavedClassifier.DIGEST, SavedClassifier.headerDigest(SafeTensors.entries(target), m));
            SafeTensors.write(target, t, m);
        }
        return target;
    }

    /** Writes the tiny model (weights from {@code seed}) to {@code file} as `mamori train` would. */
    public static Path save(Path file, long seed) throws IOException {
        Init.seed(seed);
        Normalized model = new Normalized(ModelRegistry.create("simple_cnn", CONFIG), new double[]{0.5}, new double[]{0.25});
        SavedClassifier.save(file, model, "simple_cnn", CONFIG, CLASSES, "fashion-mnist");
        return file;
    }
}
