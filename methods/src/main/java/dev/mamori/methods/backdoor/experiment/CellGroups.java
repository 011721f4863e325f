package dev.mamori.methods.backdoor.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The defense cells grouped over seeds: one group per (dataset, model, attack, defense, samples, stage), with the mean
 * and spread (sample standard deviation) of any metric; the backdoored models grouped per (dataset, model, attack).
 */
final class CellGroups {
    /** A group's key. */
    record Key(String dataset, String model, String attack, String defense, int samples, String stage) {
        String setting() {
            return dataset + " / " + model + " / " + attack;
        }
    }

    private final Map<Key, List<DefenseCell>> groups = new LinkedHashMap<>();
    private final Map<String, List<ModelRun>> models = new LinkedHashMap<>();

    CellGroups(List<ModelRun> runs, List<DefenseCell> cells) {
        for (DefenseCell c : cells) {
            groups.computeIfAbsent(new Key(c.dataset(), c.model(), c.attack(), c.defense(), c.samples(), c.stage()), k -> new ArrayList<>()).add(c);
        }
        for (ModelRun r : runs) models.computeIfAbsent(settingOf(r.dataset(), r.model(), r.attack()), k -> new ArrayList<>()).add(r);
    }

    static String settingOf(String dataset, String model, String attack) {
        return dataset + " / " + model + " / " + attack;
    }

    Map<Key, List<DefenseCell>> all() {
        return groups;
    }

    Optional<List<DefenseCell>> get(String dataset, String model, String attack, String defense, int samples, String stage) {
        return Optional.ofNullable(groups.get(new Key(dataset, model, attack, defense, samples, stage)));
    }

    /** The backdoored models of a setting (one per seed). */
    List<ModelRun> models(String dataset, String model, String attack) {
        return models.getOrDefault(settingOf(dataset, model, attack), List.of());
    }

    Map<String, List<ModelRun>> modelGroups() {
        return models;
    }

    /** Whether the attack took on average (mean ASR of the backdoored models at least 50%). */
    boolean implanted(String dataset, String model, String attack) {
        List<ModelRun> m = models(dataset, model, attack);
        return !m.isEmpty() && mean(m, r -> r.scores().asr()) >= 0.5;
    }

    /**
     * The clean-model floor of a setting: the ASR of the models trained without poison on its triggered images, counts
     * pooled over seeds; null when not measured.
     */
    Proportion floor(String dataset, String model, String attack) {
        List<ModelRun> m = models(dataset, model, attack);
        if (m.isEmpty() || m.stream().anyMatch(r -> r.floor() == null)) return null;
        return pooled(m, r -> r.floor().attackSuccess());
    }

    /** Successes and trials summed over {@code items}. */
    static <T> Proportion pooled(List<T> items, Function<T, Proportion> f) {
        long s = 0, n = 0;
        for (T item : items) {
            Proportion p = f.apply(item);
            s += p.successes();
            n += p.trials();
        }
        return Proportion.of(s, n);
    }

    static <T> double mean(List<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    static <T> Summary summary(List<T> items, ToDoubleFunction<T> f) {
        return Summary.of(items.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray());
    }

    /** "mean ± sd" in the unit given by {@code scale} (100 for percent), or "mean" for one value. */
    static <T> String meanSd(List<T> items, ToDoubleFunction<T> f, double scale, int decimals) {
        double[] v = items.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).toArray();
        if (v.length == 0) return "-";
        Summary s = Summary.of(v);
        String fmt = "%." + decimals + "f";
        return v.length == 1 ? String.format(Locale.ROOT, fmt, scale * s.mean())
                : String.format(Locale.ROOT, fmt + " ± " + fmt, scale * s.mean(), scale * s.std());
    }
}
