package dev.mamori.methods.keydefense;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What it takes to rebuild a registry model without its weights: the {@link ModelRegistry} family ({@code vit},
 * {@code convmixer}, {@code resnet}, {@code simple_cnn}, ...), the family's full config, and the per-channel normalization
 * of a {@link Normalized} wrapper (null when there is none). Serialised as JSON in exported model files, e.g.
 * <pre>{@code {"family":"vit","config":{"imageSize":28,"patchSize":4,...},"normalization":{"mean":[0.5],"std":[0.25]}}}</pre>
 */
public record ModelSpec(String family, Map<String, Object> config, double[] mean, double[] std) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSpec {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        if ((mean == null) != (std == null)) throw new IllegalArgumentException("normalization needs both mean and std");
    }

    /** The spec of a registry model, optionally wrapped once in {@link Normalized}. */
    public static ModelSpec of(Classifier model) {
        double[] mean = null, std = null;
        Classifier inner = model;
        if (model instanceof Normalized n) {
            mean = n.mean();
            std = n.std();
            inner = n.model;
            if (inner instanceof Normalized) throw new IllegalArgumentException("a model normalized twice cannot be described; fold one normalization first");
        }
        Classifier described = inner;
        ModelRegistry.Description d = ModelRegistry.describe(inner).orElseThrow(() -> new IllegalArgumentException("cannot describe a "
                + described.getClass().getSimpleName() + " for export: supported are the registry families " + ModelRegistry.families().keySet()));
        return new ModelSpec(d.family(), d.config(), mean, std);
    }

    /** The spec of a registry family and its config record (e.g. "vit" and a VisionTransformer.Config). */
    public static ModelSpec ofConfig(String family, Object configRecord) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(configRecord, LinkedHashMap.class);
        return new ModelSpec(family, map, null, null);
    }

    /** A new model of this architecture (fresh weights from the registry), wrapped in its normalization if any. */
    public Classifier build() {
        Classifier m = ModelRegistry.create(family, config);
        return mean == null ? m : new Normalized(m, mean, std);
    }

    /** An independent copy of {@code model}: same architecture, weights and buffers copied, same train/eval mode. */
    public static Classifier copy(Classifier model) {
        Classifier out = of(model).build();
        out.loadStateDict(copyState(model.stateDict()), true);
        out.setTraining(model.isTraining());
        return out;
    }

    /** A state dict with every array copied. */
    public static Map<String, INDArray> copyState(Map<String, INDArray> state) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    public boolean normalized() {
        return mean != null;
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("family", family);
        o.set("config", JSON.valueToTree(config));
        if (mean != null) {
            ObjectNode n = o.putObject("normalization");
            n.set("mean", JSON.valueToTree(mean));
            n.set("std", JSON.valueToTree(std));
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@link #toJson()}; {@code where} names the source in errors. */
    public static ModelSpec fromJson(String json, String where) {
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || !o.isObject() || !o.path("family").isTextual() || !o.path("config").isObject()) {
                throw new IllegalArgumentException(where + ": expected an object with a string 'family' and an object 'config'");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> config = JSON.convertValue(o.get("config"), LinkedHashMap.class);
            double[] mean = null, std = null;
            if (o.has("normalization")) {
                mean = JSON.convertValue(o.get("normalization").get("mean"), double[].class);
                std = JSON.convertValue(o.get("normalization").get("std"), double[].class);
            }
            return new ModelSpec(o.get("family").asText(), config, mean, std);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(where)) throw iae;
            throw new IllegalArgumentException(where + ": not a valid architecture description: " + e.getMessage(), e);
        }
    }
}
