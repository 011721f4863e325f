package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running sums of the step metrics over one epoch. A checkpoint in the middle of an epoch stores them, so the
 * resumed epoch's averages cover the whole epoch and equal the uninterrupted run's bit for bit (the sums are added in
 * the same order from the same values; JSON round-trips doubles exactly).
 */
public final class RunningMetrics {
    private final Map<String, double[]> sums = new LinkedHashMap<>(); // name -> {sum, weight}
    private long examples;

    public void add(StepResult r) {
        examples += r.examples();
        r.metrics().forEach((name, m) -> {
            double[] s = sums.computeIfAbsent(name, k -> new double[2]);
            s[0] += m.sum();
            s[1] += m.weight();
        });
    }

    /** Examples seen so far this epoch. */
    public long examples() {
        return examples;
    }

    /** The average of every metric so far, in first-reported order. */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((name, s) -> out.put(name, s[0] / s[1]));
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("examples", examples);
        ObjectNode m = o.putObject("metrics");
        sums.forEach((name, s) -> m.putArray(name).add(s[0]).add(s[1]));
        return o;
    }

    /** Reads {@link #toJson()}'s form; errors name {@code source} and the field. */
    public static RunningMetrics fromJson(JsonNode o, String source) {
        RunningMetrics r = new RunningMetrics();
        if (!o.path("examples").canConvertToLong() || !o.path("metrics").isObject()) {
            throw new IllegalArgumentException(source + ": field 'partial_epoch' needs 'examples' (an integer) and 'metrics' (an object)");
        }
        r.examples = o.get("examples").asLong();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.get("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
                throw new IllegalArgumentException(source + ": field 'partial_epoch.metrics." + e.getKey() + "' must be [sum, weight]");
            }
            r.sums.put(e.getKey(), new double[]{v.get(0).asDouble(), v.get(1).asDouble()});
        }
        return r;
    }
}
