package dev.mamori.methods.backdoor;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Independent copies of a registry classifier wrapped in {@link Normalized}: every defense starts from its own copy of
 * the backdoored model, so that defenses never see each other's edits.
 */
public final class ModelCopies {
    private ModelCopies() {}

    /** A new model of the same architecture, normalization and weights (parameters and buffers copied), in eval mode. */
    public static Normalized copy(Normalized model) {
        ModelRegistry.Description d = ModelRegistry.describe(model.model).orElseThrow(() -> new IllegalArgumentException(
                "cannot copy a " + model.model.getClass().getSimpleName() + ": not built by a registered model family"));
        Classifier inner = ModelRegistry.create(d.family(), d.config());
        Map<String, INDArray> state = new LinkedHashMap<>();
        MemoryScope.outside(() -> {
            model.model.stateDict().forEach((k, v) -> state.put(k, v.dup()));
            return null;
        });
        inner.loadStateDict(state, true);
        Normalized copy = new Normalized(inner, model.mean(), model.std());
        copy.eval();
        return copy;
    }
}
