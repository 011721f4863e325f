package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.common.ExperimentConfig;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Settings that differ per dataset (the attacker's epochs, BadNets' patch), keyed by catalog name. A key matches the
 * dataset as written in the config ({@code emoji-category:size=64}) or its name without options ({@code emoji-category}),
 * the exact form first.
 */
final class PerDataset {
    private PerDataset() {}

    static <V> V lookup(Map<String, V> byDataset, String dataset, V otherwise) {
        V exact = byDataset.get(dataset);
        if (exact != null) return exact;
        int colon = dataset.indexOf(':');
        V plain = colon < 0 ? null : byDataset.get(dataset.substring(0, colon));
        return plain != null ? plain : otherwise;
    }

    /**
     * Rejects blank keys, null values and values {@code valid} refuses, naming {@code field} and the dataset
     * ({@code field.dataset}), what was {@code expected} and the value given.
     */
    static <V> void check(Map<String, V> byDataset, String field, Predicate<V> valid, String expected) {
        for (Map.Entry<String, V> e : byDataset.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) throw ExperimentConfig.invalid(field, "dataset names as keys; one is blank");
            if (e.getValue() == null) throw ExperimentConfig.invalid(field + "." + e.getKey(), "a value");
            if (!valid.test(e.getValue())) throw ExperimentConfig.invalid(field + "." + e.getKey(), expected + "; '" + e.getValue() + "' is not");
        }
    }
}
