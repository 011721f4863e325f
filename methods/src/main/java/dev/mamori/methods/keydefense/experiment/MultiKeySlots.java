package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.keydefense.KeySelection;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.methods.keydefense.MultiKeyConvMixer;
import dev.mamori.methods.keydefense.MultiKeyVit;
import dev.mamori.methods.keydefense.TransformChain;
import dev.mamori.models.Classifier;
import dev.mamori.models.ConvMixer;
import dev.mamori.models.VisionTransformer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Smaller multi-key models from a trained one: slots are trained independently (each only its own embedding and head
 * on the frozen backbone), so the first n slots of an N-slot model are exactly the n-slot model trained with the same
 * per-slot seeds; the experiment trains the largest N once.
 */
final class MultiKeySlots {
    private static final Pattern SLOT = Pattern.compile("^(embeds|heads)\\.(\\d+)\\..*");

    private MultiKeySlots() {}

    /** A copy of {@code model} with its first {@code n} slots, randomized per query with {@code seed}, in eval mode. */
    static MultiKeyClassifier firstSlots(MultiKeyClassifier model, int n, long seed) {
        if (n < 1 || n > model.keyCount()) throw new IllegalArgumentException("cannot take " + n + " of " + model.keyCount() + " slots");
        List<TransformChain> keys = model.keySlots().subList(0, n);
        Classifier backbone = model.architecture().build();
        MultiKeyClassifier copy;
        if (backbone instanceof VisionTransformer v) copy = new MultiKeyVit(v, keys, false);
        else if (backbone instanceof ConvMixer c) copy = new MultiKeyConvMixer(c, keys, false);
        else throw new IllegalStateException("a multi-key model on a " + backbone.getClass().getSimpleName());
        Map<String, INDArray> state = new LinkedHashMap<>();
        model.stateDict().forEach((name, value) -> {
            Matcher m = SLOT.matcher(name);
            if (!m.matches() || Integer.parseInt(m.group(2)) < n) state.put(name, value.dup());
        });
        copy.loadStateDict(state, true);
        copy.freeze("*");
        copy.randomize(KeySelection.PER_QUERY, seed);
        copy.eval();
        return copy;
    }
}
