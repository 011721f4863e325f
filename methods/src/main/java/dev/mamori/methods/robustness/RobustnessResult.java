package dev.mamori.methods.robustness;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Figure;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.eval.report.Plots;
import dev.mamori.eval.report.Series;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.SanityWarning;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link RobustnessEvaluation} measured: clean accuracy, one {@link AttackEvaluation} per attack and budget,
 * the sanity warnings, and a few adversarial examples per attack. {@link #writeReport} writes it as an
 * {@link ExperimentReport} (results.json, report.md, report.html, figures).
 */
public record RobustnessResult(String modelName, String dataName, long seed, Proportion cleanAccuracy, List<AttackEvaluation> attacks,
                               List<SanityWarning> warnings, List<AdversarialSamples> samples, List<String> classes,
                               Map<String, Object> config, double seconds) {

    public RobustnessResult {
        attacks = List.copyOf(attacks);
        warnings = List.copyOf(warnings);
        samples = List.copyOf(samples);
        classes = classes == null ? List.of() : List.copyOf(classes);
        config = Map.copyOf(config);
    }

    /** The row of one attack spec at one budget. */
    public AttackEvaluation get(String attack, double epsilon) {
        for (AttackEvaluation a : attacks) if (a.attack().equals(attack) && a.epsilon() == epsilon) return a;
        throw new IllegalArgumentException("no result for attack '" + attack + "' at eps " + epsilon + "; have "
                + attacks.stream().map(a -> a.attack() + "@" + a.epsilon()).toList());
    }

    /** The lowest robust accuracy over all attacks at a norm and budget: the worst case per budget. */
    public Proportion worstCase(Norm norm, double epsilon) {
        Proportion worst = null;
        for (AttackEvaluation a : attacks) {
            if (a.norm() != norm || a.epsilon() != epsilon) continue;
            if (worst == null || a.robustAccuracy().value() < worst.value()) worst = a.robustAccuracy();
        }
        if (worst == null) throw new IllegalArgumentException("no attack at " + norm + " eps " + epsilon);
        return worst;
    }

    /** The results table (also what the report shows). */
    public Table table() {
        Table t = Table.of("Robustness of " + modelName + " on " + dataName, "attack", "norm", "epsilon", "robust accuracy",
                "attack success rate", "mean Linf (successful)", "mean L2 (successful)", "queries / example", "iterations / example",
                "seconds");
        for (AttackEvaluation a : attacks) {
            t.row(a.attack(), a.normLabel(), a.epsilon(), a.robustAccuracy(), a.successRate(), nanToNull(a.meanLinf()), nanToNull(a.meanL2()),
                    nanToNull(a.meanQueries()), nanToNull(a.meanIterations()), a.seconds());
        }
        return t;
    }

    /** Writes results.json, report.md, report.html and the figures into {@code directory}. */
    public WrittenReport writeReport(Path directory) throws IOException {
        ExperimentReport report = ExperimentReport.named("robustness of " + modelName + " on " + dataName)
                .seed(seed)
                .config(config)
                .timing("evaluation", Duration.ofNanos((long) (seconds * 1e9)))
                .metric("clean accuracy", cleanAccuracy);
        for (Norm norm : Norm.values()) {
            double largest = attacks.stream().filter(a -> a.norm() == norm).mapToDouble(AttackEvaluation::epsilon).max().orElse(Double.NaN);
            if (!Double.isNaN(largest)) {
                report.metric("worst-case robust accuracy, " + norm.label() + " eps " + format(largest), worstCase(norm, largest));
            }
        }
        report.section("Robust accuracy")
                .paragraph("Robust accuracy counts examples classified correctly both before and after the attack; the attack success rate is"
                        + " taken over the examples classified correctly before it. Norms are means over successful adversarial examples;"
                        + " queries and iterations are per attacked example.")
                .table(table());
        for (Norm norm : Norm.values()) {
            Figure plot = robustnessPlot(norm);
            if (plot != null) report.figure(plot);
        }
        if (!samples.isEmpty()) {
            report.section("Adversarial examples")
                    .paragraph("Each grid: clean images, their adversarial versions, and the perturbation (0.5 + 5 x (adversarial - clean), gray"
                            + " is unchanged); captions are the predicted classes, and whether the example was broken, stayed robust or was"
                            + " misclassified already before the attack.");
            Map<String, AdversarialSamples> largestPerAttack = new LinkedHashMap<>();
            for (AdversarialSamples s : samples) largestPerAttack.merge(s.attack(), s, (a, b) -> b.epsilon() > a.epsilon() ? b : a);
            int k = 0;
            for (AdversarialSamples s : largestPerAttack.values()) report.figure(grid(s, k++));
        }
        report.section("Sanity checks");
        if (warnings.isEmpty()) {
            report.paragraph("No warnings: outputs are deterministic logits, input gradients are non-zero, and no black-box attack beat the"
                    + " white-box ones.");
        } else {
            for (SanityWarning w : warnings) report.paragraph(w.toString());
        }
        return report.writeTo(directory);
    }

    private Figure robustnessPlot(Norm norm) {
        Map<String, List<AttackEvaluation>> byAttack = new LinkedHashMap<>();
        for (AttackEvaluation a : attacks) if (a.norm() == norm) byAttack.computeIfAbsent(a.attack(), k -> new ArrayList<>()).add(a);
        if (byAttack.isEmpty()) return null;
        String file = "robust_accuracy_" + norm.label().toLowerCase(Locale.ROOT) + ".png";
        String title = "Robust accuracy vs " + norm.label() + " budget (" + modelName + ")";
        double[] shared = null;
        boolean same = true;
        for (List<AttackEvaluation> rows : byAttack.values()) {
            double[] eps = rows.stream().mapToDouble(AttackEvaluation::epsilon).toArray();
            if (shared == null) shared = eps;
            else same &= Arrays.equals(shared, eps);
        }
        if (same) {
            Map<String, Proportion[]> lines = new LinkedHashMap<>();
            byAttack.forEach((name, rows) -> lines.put(name, rows.stream().map(AttackEvaluation::robustAccuracy).toArray(Proportion[]::new)));
            return Plots.robustAccuracyVsEpsilon(file, title, "epsilon (" + norm.label() + ")", shared, lines);
        }
        List<Series> series = new ArrayList<>();
        byAttack.forEach((name, rows) -> series.add(new Series(name, rows.stream().mapToDouble(AttackEvaluation::epsilon).toArray(),
                rows.stream().mapToDouble(r -> 100 * r.robustAccuracy().value()).toArray())));
        return Plots.line(file, title, "epsilon (" + norm.label() + ")", "robust accuracy (%)", series);
    }

    private Figure grid(AdversarialSamples s, int index) {
        List<String> cleanCaptions = new ArrayList<>(), advCaptions = new ArrayList<>(), deltaCaptions = new ArrayList<>();
        for (int i = 0; i < s.labels().length; i++) {
            cleanCaptions.add(className(s.cleanPredictions()[i]));
            advCaptions.add(className(s.adversarialPredictions()[i]));
            boolean rightBefore = s.cleanPredictions()[i] == s.labels()[i];
            deltaCaptions.add(!rightBefore ? "wrong already" : s.adversarialPredictions()[i] == s.labels()[i] ? "robust" : "broken");
        }
        return ImageGrid.builder()
                .row("clean", s.clean(), cleanCaptions)
                .row("adversarial", s.adversarial(), advCaptions)
                .row("perturbation x5", ImageGrid.amplifiedPerturbation(s.clean(), s.adversarial(), 5), deltaCaptions)
                .figure(String.format(Locale.ROOT, "adversarial_%02d.png", index),
                        s.attack() + " at eps " + format(s.epsilon()) + ": clean | adversarial | amplified perturbation");
    }

    private String className(int c) {
        return c >= 0 && c < classes.size() ? classes.get(c) : Integer.toString(c);
    }

    private static Object nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
