package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Metrics of one epoch, by name: {@code lr} (or {@code lr_<optimizer>} with several optimizers), the step metrics
 * averaged over the epoch as {@code train_<name>}, and the evaluator's metrics ({@code val_loss}, ...). A metric that
 * was not measured is NaN. The accessors {@link #trainLoss()} and friends read a classifier's metrics.
 */
public record EpochRecord(int epoch, long step, Map<String, Double> metrics, double seconds, double examplesPerSecond) {
    private static final Set<String> RESERVED = Set.of("epoch", "step", "seconds", "examples_per_second");

    public EpochRecord {
        for (String k : metrics.keySet()) {
            if (RESERVED.contains(k)) throw new IllegalArgumentException("metric name '" + k + "' is reserved for the epoch record");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The named metric, NaN when this epoch did not measure it. */
    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    public double lr() {
        return metric("lr");
    }

    public double trainLoss() {
        return metric("train_loss");
    }

    public double trainAccuracy() {
        return metric("train_accuracy");
    }

    public double valLoss() {
        return metric("val_loss");
    }

    public double valAccuracy() {
        return metric("val_accuracy");
    }

    /** Standard JSON, one flat object (NaN becomes null), for metrics files and checkpoints. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("epoch", epoch);
        o.put("step", step);
        metrics.forEach((k, v) -> put(o, k, v));
        put(o, "seconds", seconds);
        put(o, "examples_per_second", examplesPerSecond);
        return o;
    }

    /** Reads {@link #toJson()}'s form (null becomes NaN); errors name {@code source}. */
    public static EpochRecord fromJson(JsonNode o, String source) {
        if (!o.isObject() || !o.path("epoch").canConvertToInt() || !o.path("step").canConvertToLong()) {
            throw new IllegalArgumentException(source + ": a history entry needs 'epoch' and 'step' integers, got " + o);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (RESERVED.contains(e.getKey())) continue;
            metrics.put(e.getKey(), number(e.getValue(), e.getKey(), source));
        }
        return new EpochRecord(o.get("epoch").asInt(), o.get("step").asLong(), metrics,
                number(o.path("seconds"), "seconds", source), number(o.path("examples_per_second"), "examples_per_second", source));
    }

    private static double number(JsonNode v, String field, String source) {
        if (v.isNull() || v.isMissingNode()) return Double.NaN;
        if (!v.isNumber()) throw new IllegalArgumentException(source + ": history field '" + field + "' is not a number: " + v);
        return v.asDouble();
    }

    private static void put(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) o.put(k, v);
        else o.putNull(k);
    }
}
