package dev.mamori.models;

import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's weights as one safetensors file under its state_dict names (diffusers' and transformers' names for the
 * generative models), in and out. Loading is strict: a tensor the model lacks, a parameter the file lacks, or a shape
 * that differs is an error naming the file and the tensor (with the model's closest name for a misspelt one), never a
 * partial load. Keys a reference implementation writes that carry no weights here can be ignored by name
 * (transformers' {@code text_model.embeddings.position_ids} buffer).
 */
public final class StateDictFiles {
    private static final int LISTED = 8;

    private StateDictFiles() {}

    /** Writes every parameter and persistent buffer of {@code model}, with string metadata. */
    public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
        if (file.getParent() != null) java.nio.file.Files.createDirectories(file.getParent());
        SafeTensors.write(file, StateDicts.of(model), metadata);
    }

    /** Loads {@code file} into {@code model} strictly, skipping the keys in {@code ignored}; returns the file's metadata. */
    public static Map<String, String> load(Module model, Path file, Set<String> ignored) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, INDArray> state = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (!ignored.contains(k)) state.put(k, v);
        });
        Map<String, ?> params = model.namedParameters();
        Map<String, ?> buffers = model.namedBuffers();
        List<String> unexpected = new ArrayList<>(), missing = new ArrayList<>();
        for (String k : state.keySet()) if (!params.containsKey(k) && !buffers.containsKey(k)) unexpected.add(k);
        for (String k : params.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (var e : model.namedBuffers().entrySet()) if (e.getValue().persistent() && !state.containsKey(e.getKey())) missing.add(e.getKey());
        String what = model.getClass().getSimpleName();
        if (!unexpected.isEmpty()) {
            String first = unexpected.get(0);
            throw new IllegalArgumentException(file + ": tensor '" + first + "' is not a parameter of " + what
                    + closest(first, missing.isEmpty() ? params.keySet() : missing) + more(unexpected)
                    + (missing.isEmpty() ? "" : "; missing: " + listed(missing)));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tensor '" + missing.get(0) + "' for " + what + more(missing) + "; missing: " + listed(missing));
        }
        StateDicts.load(model, state, true, file.toString());   // shapes and dtypes: errors name the file and the tensor
        return c.metadata();
    }

    private static String closest(String key, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best == null || bestDistance > Math.max(3, key.length() / 4) ? "" : " (did you mean '" + best + "'?)";
    }

    private static String more(List<String> keys) {
        return keys.size() > 1 ? " (and " + (keys.size() - 1) + " more: " + listed(keys.subList(1, keys.size())) + ")" : "";
    }

    private static String listed(List<String> keys) {
        return keys.size() <= LISTED ? keys.toString() : keys.subList(0, LISTED) + " ... " + (keys.size() - LISTED) + " more";
    }

    /** Levenshtein distance (names are short). */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

}
