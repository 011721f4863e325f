package dev.mamori.methods.backdoor.experiment;

import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Summary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many times longer a baseline took than ours on the same backdoored models: per seed (the same model, samples and
 * run) seconds(baseline) / seconds(ours), their geometric mean, and a 95% Student-t interval on the log ratios over
 * seeds (wall-clock noise on a shared machine is multiplicative: a busy moment slows a run by a factor).
 *
 * @param perSeed  the paired ratios, by seed order
 * @param interval null with a single seed
 */
record SpeedRatio(double[] perSeed, double geometricMean, Interval interval) {

    /** The ratio of {@code baseline} to {@code ours} over the seeds both have; empty when they share none. */
    static Optional<SpeedRatio> of(List<DefenseCell> ours, List<DefenseCell> baseline) {
        Map<Integer, Double> oursBySeed = new HashMap<>();
        for (DefenseCell c : ours) oursBySeed.put(c.seed(), c.seconds());
        List<Double> logs = new ArrayList<>();
        for (DefenseCell b : baseline) {
            Double s = oursBySeed.get(b.seed());
            if (s != null && s > 0 && b.seconds() > 0) logs.add(Math.log(b.seconds() / s));
        }
        if (logs.isEmpty()) return Optional.empty();
        double[] v = logs.stream().mapToDouble(Double::doubleValue).toArray();
        Summary summary = Summary.of(v);
        Interval interval = null;
        if (v.length > 1) {
            Interval log = summary.meanInterval(0.95);
            interval = new Interval(Math.exp(log.lower()), Math.exp(log.upper()), 0.95);
        }
        double[] ratios = new double[v.length];
        for (int i = 0; i < v.length; i++) ratios[i] = Math.exp(v[i]);
        return Optional.of(new SpeedRatio(ratios, Math.exp(summary.mean()), interval));
    }

    /** At least {@code factor}: the whole interval (with one seed, the one ratio). */
    boolean atLeast(double factor) {
        return interval == null ? geometricMean >= factor : interval.lower() >= factor;
    }

    /** "x2.1 [1.4, 3.2]" (or "x2.1, one seed"). */
    String describe() {
        return interval == null ? String.format(Locale.ROOT, "x%.1f, one seed", geometricMean)
                : String.format(Locale.ROOT, "x%.1f [%.1f, %.1f]", geometricMean, interval.lower(), interval.upper());
    }
}
