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

    /**
     * The number of values (parameters and buffers) a model of this architecture holds, estimated from the config
     * without building it, within a factor of two; empty for a family without an estimate. A model file's metadata is
     * untrusted: this is what lets a reader refuse a config that would allocate far more than the file's tensors hold
     * before it builds anything. An error (not an overflow) for sizes beyond a long.
     */
    public java.util.OptionalLong estimatedValues() {
        try {
            long normalization = mean == null ? 0 : 2L * mean.length;
            return switch (family) {
                case "vit" -> java.util.OptionalLong.of(normalization + vitValues());
                case "convmixer" -> java.util.OptionalLong.of(normalization + convMixerValues());
                case "resnet" -> java.util.OptionalLong.of(normalization + resNetValues());
                case "simple_cnn" -> java.util.OptionalLong.of(normalization + simpleCnnValues());
                default -> java.util.OptionalLong.empty();
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("architecture of family '" + family + "' describes more values than a long counts");
        }
    }

    private long vitValues() {
        long d = integer("embedDim"), p = integer("patchSize"), c = integer("inChannels"), k = integer("numClasses");
        long image = integer("imageSize"), depth = integer("depth");
        double ratio = number("mlpRatio");
        if (!(ratio > 0 && ratio < 1e6)) throw new IllegalArgumentException("architecture config 'mlpRatio' is " + ratio);
        long hidden = (long) (d * ratio);
        long tokens = Math.addExact(Math.multiplyExact(image / Math.max(p, 1), image / Math.max(p, 1)), 1);
        long embed = Math.addExact(Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(d, c), p), p), d);
        long block = Math.addExact(Math.multiplyExact(4 * d + 4, d), Math.multiplyExact(2 * hidden + 1, d) + hidden + 9 * d);
        return Math.addExact(Math.addExact(embed, Math.multiplyExact(tokens + 1, d)),
                Math.addExact(Math.multiplyExact(depth, block), Math.multiplyExact(k + 2, d) + k));
    }

    private long convMixerValues() {
        long d = integer("dim"), depth = integer("depth"), kernel = integer("kernelSize"), p = integer("patchSize");
        long c = integer("inChannels"), k = integer("numClasses");
        long stem = Math.addExact(Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(c, p), p), d), 6 * d);
        long block = Math.addExact(Math.multiplyExact(d, Math.addExact(Math.multiplyExact(kernel, kernel), d)), 10 * d);
        return Math.addExact(Math.addExact(stem, Math.multiplyExact(depth, block)), Math.multiplyExact(k + 1, d));
    }

    private long resNetValues() {
        long[] layers = integers("layers"), widths = integers("widths");
        long c = integer("inChannels"), k = integer("numClasses");
        boolean basic = !"bottleneck".equals(config.get("block"));
        long expansion = basic ? 1 : 4;
        long in = widths.length == 0 ? 0 : widths[0];
        long total = Math.addExact(Math.multiplyExact(Math.multiplyExact(c, in), 49), 5 * in);
        for (int s = 0; s < Math.min(layers.length, widths.length); s++) {
            for (long b = 0; b < layers[s]; b++) {
                long w = widths[s], out = Math.multiplyExact(w, expansion);
                long block = basic ? Math.multiplyExact(Math.multiplyExact(9, w), Math.addExact(in, w))
                        : Math.addExact(Math.multiplyExact(w, Math.addExact(in, Math.multiplyExact(9, w))), Math.multiplyExact(w, out));
                block = Math.addExact(block, Math.multiplyExact(in, out)); // a shortcut, at most one per block
                total = Math.addExact(total, Math.addExact(block, 15 * out));
                in = out;
            }
        }
        return Math.addExact(total, Math.multiplyExact(k + 1, in));
    }

    private long simpleCnnValues() {
        long w = integer("width"), c = integer("inChannels"), k = integer("numClasses"), hidden = integer("hidden");
        long side = integer("imageSize") / 4;
        long convs = Math.multiplyExact(9, Math.addExact(Math.multiplyExact(c, w), Math.multiplyExact(7, Math.multiplyExact(w, w)))) + 6 * w;
        long fc1 = Math.multiplyExact(Math.addExact(Math.multiplyExact(Math.multiplyExact(2 * w, side), side), 1), hidden);
        return Math.addExact(Math.addExact(convs, fc1), Math.multiplyExact(hidden + 1, k));
    }

    /** A non-negative integer of the config; an error naming the field otherwise. */
    private long integer(String field) {
        Object v = config.get(field);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
            throw new IllegalArgumentException("architecture config '" + field + "' is " + v + "; expected a non-negative integer");
        }
        return n.longValue();
    }

    private double number(String field) {
        Object v = config.get(field);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("architecture config '" + field + "' is " + v + "; expected a number");
        return n.doubleValue();
    }

    private long[] integers(String field) {
        Object v = config.get(field);
        java.util.List<?> list = v instanceof java.util.List<?> l ? l : v instanceof int[] a ? java.util.Arrays.stream(a).boxed().toList() : null;
        if (list == null) throw new IllegalArgumentException("architecture config '" + field + "' is " + v + "; expected a list of integers");
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.longValue() < 0) {
                throw new IllegalArgumentException("architecture config '" + field + "' entry " + i + " is " + list.get(i));
            }
            out[i] = n.longValue();
        }
        return out;
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
