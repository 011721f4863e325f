package dev.mamori.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The machine-readable results.json. Values keep full precision; proportions carry their counts and Wilson interval.
 * JSON has no NaN or infinity: Jackson writes them as the strings "NaN", "Infinity", "-Infinity".
 */
final class ResultsJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResultsJson() {}

    static String render(ExperimentReport report, RuntimeVersions versions, String createdUtc) {
        ObjectNode root = NODES.objectNode();
        root.put("experiment", report.name());
        root.put("created_utc", createdUtc);
        if (report.seed() == null) root.putNull("seed");
        else root.put("seed", report.seed());
        root.set("config", report.config().deepCopy());
        ObjectNode v = root.putObject("versions");
        v.put("mamori", versions.mamori());
        v.put("java", versions.java());
        v.put("nd4j", versions.nd4j());
        v.put("nd4j_backend", versions.nd4jBackend());
        ObjectNode timings = root.putObject("timings_seconds");
        report.timings().forEach((phase, d) -> timings.put(phase, d.toNanos() / 1e9));
        ObjectNode metrics = root.putObject("metrics");
        report.metrics().forEach((name, value) -> metrics.set(name, value(value, report.confidence())));
        ArrayNode tables = root.putArray("tables");
        ArrayNode figures = root.putArray("figures");
        for (Section section : report.sections()) {
            for (Object block : section.blocks()) {
                if (block instanceof Table t) tables.add(table(t, section.title()));
                if (block instanceof Figure f) figures.add(figure(f, section.title()));
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise results.json", e);
        }
    }

    private static ObjectNode table(Table t, String section) {
        ObjectNode node = NODES.objectNode();
        node.put("title", t.title());
        node.put("section", section);
        node.put("confidence", t.confidence());
        ArrayNode columns = node.putArray("columns");
        t.columns().forEach(columns::add);
        ArrayNode rows = node.putArray("rows");
        for (java.util.List<Object> row : t.rows()) {
            ArrayNode r = rows.addArray();
            for (Object cell : row) r.add(value(cell, t.confidence()));
        }
        return node;
    }

    private static ObjectNode figure(Figure f, String section) {
        ObjectNode node = NODES.objectNode();
        node.put("file", f.relativePath());
        node.put("caption", f.caption());
        node.put("section", section);
        node.put("width", f.image().getWidth());
        node.put("height", f.image().getHeight());
        return node;
    }

    /** A table cell or metric value as JSON. */
    static JsonNode value(Object value, double confidence) {
        if (value == null) return NODES.nullNode();
        if (value instanceof String s) return NODES.textNode(s);
        if (value instanceof Boolean b) return NODES.booleanNode(b);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal d) return NODES.numberNode(d);
        if (value instanceof Number n) return NODES.numberNode(n.doubleValue());
        if (value instanceof Proportion p) {
            ObjectNode node = NODES.objectNode();
            node.put("value", p.value());
            node.put("successes", p.successes());
            node.put("trials", p.trials());
            if (!p.isEmpty()) node.set("ci", interval(p.wilson(confidence), "wilson"));
            return node;
        }
        if (value instanceof Estimate e) {
            ObjectNode node = NODES.objectNode();
            node.put("value", e.value());
            node.set("ci", interval(e.interval(), null));
            return node;
        }
        if (value instanceof Summary s) {
            ObjectNode node = NODES.objectNode();
            node.put("mean", s.mean());
            node.put("std", s.std());
            node.put("min", s.min());
            node.put("max", s.max());
            node.put("count", s.count());
            return node;
        }
        if (value instanceof Interval i) return interval(i, null);
        throw new IllegalArgumentException("unsupported value of type " + value.getClass().getName());
    }

    private static ObjectNode interval(Interval i, String method) {
        ObjectNode node = NODES.objectNode();
        node.put("lower", i.lower());
        node.put("upper", i.upper());
        node.put("confidence", i.confidence());
        if (method != null) node.put("method", method);
        return node;
    }

    /** Config values are converted when added, so that a value Jackson cannot write fails at the call site. */
    static ObjectNode configNode(Map<String, ?> values) {
        return MAPPER.valueToTree(values);
    }
}
