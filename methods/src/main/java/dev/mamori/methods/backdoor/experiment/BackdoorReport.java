package dev.mamori.methods.backdoor.experiment;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Figure;
import dev.mamori.eval.report.Plots;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the backdoor experiment's report: claims, backdoored models, every defense cell, speed, target-class collapse. */
final class BackdoorReport {
    private BackdoorReport() {}

    static WrittenReport write(BackdoorConfig config, Map<String, DatasetSplits> data, List<ModelRun> models, List<DefenseCell> cells, List<String> diverged,
                               List<Claim> claims, Map<String, Duration> timings, double seconds, Path directory) throws IOException {
        CellGroups groups = new CellGroups(models, cells);
        ExperimentReport r = ExperimentReport.named("backdoor: activation-guided unlearning against backdoor attacks").seed(config.seed);
        r.config("experiment", config);
        timings.forEach(r::timing);
        r.timing("total", Duration.ofNanos((long) (seconds * 1e9)));
        StringBuilder sizes = new StringBuilder();
        data.forEach((name, d) -> sizes.append(String.format(Locale.ROOT, "%s: %d training images (attacker), a pool of %d unseen test images"
                + " (defender), %d evaluation images; ", name, d.trainLabels().length, d.poolLabels().length, d.evalLabels().length)));
        r.paragraph(String.format(Locale.ROOT, "Backdoor mitigation by activation-guided model editing with a repair step (docs/METHODS.md item 4, our"
                        + " reconstruction of Hsieh et al. 2024) against five attacks, beside six baselines, on %s with models %s; %d seed(s) per cell"
                        + " (mean ± sample standard deviation over seeds; one backdoored model per dataset, model, attack and seed, reused by every"
                        + " defense and sample size). %sThe defender's samples come from the test split and never appear among the evaluation images;"
                        + " the sample sizes are nested (the first n of a class-balanced pool). Every defense gets the same samples; no hyperparameter is"
                        + " chosen with triggered test data. ASR: triggered non-target evaluation images classified as the target; RA: the same images"
                        + " classified as their true class; DER: BackdoorBench's defense effectiveness rate. Ours with the trigger known runs at sample sizes %s; the trigger-unknown setting and the"
                        + " baselines at %s. Seconds are wall-clock on one CPU slot of a shared 2-core machine (noisy). Total time %.1f minutes.",
                config.datasets, config.useModels, config.seeds, sizes, config.sampleSizes,
                config.baselineSampleSizes.isEmpty() ? config.sampleSizes : config.baselineSampleSizes, seconds / 60));

        ClaimsSection.add(r, claims);

        r.section("Backdoored models");
        r.table(modelTable(groups));

        r.section("Defenses");
        r.paragraph("One table per dataset, model and attack: every defense (ours in both settings, before and after the repair) at every sample"
                + " size it ran at. Clean and ASR/RA in percent; delta clean in points against the backdoored model.");
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            r.table(defenseTable(config, groups, dataset, model, attack));
        }

        r.section("Speed");
        r.table(speedTable(config, groups));
        r.table(ratioTable(config, groups));
        r.table(profileTable(config, groups));

        r.section("Target-class collapse and repair");
        BackdoorClaims bc = new BackdoorClaims(config, models, cells);
        List<BackdoorClaims.Collapse> collapses = bc.collapses();
        Table ct = Table.of("Target class accuracy (mean over seeds) at each stage of ours", "setting", "samples", "defense", "backdoored (%)",
                "edited (%)", "repaired (%)", "collapse (>= 10 points)", "detected on the samples").showIntervals(false);
        for (BackdoorClaims.Collapse c : collapses) {
            ct.row(c.setting(), c.samples(), c.defense(), 100 * c.backdoored(), 100 * c.edited(), 100 * c.repaired(), c.collapsed() ? "yes" : "no",
                    c.detected() ? "yes" : "no");
        }
        r.table(ct);
        for (String dataset : config.datasets) for (String model : config.useModels) {
            collapses.stream().filter(c -> c.setting().startsWith(dataset + " / " + model + " / "))
                    .max(Comparator.comparingDouble(c -> c.backdoored() - c.edited()))
                    .ifPresent(c -> r.figure(perClassFigure(config, groups, data.get(dataset), c)));
        }

        r.section("Notes");
        if (!diverged.isEmpty()) {
            r.paragraph("Defense runs whose training diverged (no defended model to score; left out of every mean, table and claim): "
                    + String.join("; ", diverged) + ".");
        }
        r.paragraph("Ours: " + new dev.mamori.methods.backdoor.unlearning.ActivationGuidedUnlearning(
                dev.mamori.methods.backdoor.unlearning.ActivationGuidedUnlearning.TriggerSource.KNOWN, config.unlearningOptions(config.models.get(config.useModels.get(0)), config.seed)).describe()
                + " (edited layers per model: " + config.useModels.stream().map(m -> m + " " + (config.models.get(m).editLayers.isEmpty() ? "[head]" : config.models.get(m).editLayers)).toList() + ")"
                + ". The trigger-unknown setting edits with the trigger that Neural Cleanse reverse-engineers on the same samples ("
                + config.neuralCleanseSteps + " steps, all classes at once, on the first " + config.neuralCleanseMaxSamples + " samples), for the smallest-mask class whether or not its anomaly index flags it"
                + (config.reverseFullImage ? ", and with a second, blend-like trigger that Neural Cleanse finds with one mask value over the whole image (ours; rows of both triggers in one edit)" : "")
                + "; its seconds include the reverse-engineering, as do Neural Cleanse unlearning's (per-pixel mask only, as in its paper).");
        r.paragraph("Baselines (our reconstructions, budgets scaled to the few samples): fine-tuning " + config.fineTuneEpochs + " epochs SGD lr "
                + config.fineTuneLr + "; fine-pruning of the model's last convolutional stage while the samples' accuracy stays within "
                + config.finePruneMaxDrop + ", then the same fine-tuning; NAD with beta " + config.nadBeta + ", teacher = the fine-tuning, student "
                + config.nadStudentEpochs + " epochs; ANP eps " + config.anpEps + ", alpha " + config.anpAlpha + ", " + config.anpIterations
                + " iterations, fixed pruning threshold " + config.anpThreshold + " (never tuned on triggered data; masks scale whole neuron outputs;"
                + " eval-mode batch norm); I-BAU " + config.ibauRounds + " rounds with a universal perturbation of L2 radius " + config.ibauRadius
                + " per pixel (RMS) and the partial (Danskin) outer gradient instead of the implicit hypergradient (our autograd has no second"
                + " derivatives); Neural Cleanse unlearning with " + (int) Math.round(100 * config.neuralCleanseStampedShare) + "% stamped rows.");
        r.paragraph("Attacks: BadNets 3x3 patch (bottom right; white as in BackdoorBench, or a black-and-white checkerboard where configured per"
                + " dataset: by default on emoji-category, drawn on white, where the white square changes next to nothing; see the trigger change"
                + " column), Blend alpha 0.2 with a seeded uniform-noise pattern (BackdoorBench's Hello"
                + " Kitty image is not available here), SIG clean-label (8-bit BackdoorBench path, delta 20, f 6), WaNet (k 4, grid rescale 1, noise"
                + " mode with cross ratio 2 drawn once per poisoned set instead of every batch; strength as configured), trojan-style patch"
                + " optimized on a briefly trained clean model. All at the configured poison ratios, all-to-one target class 0 unless configured;"
                + " no data augmentation in the attacker's training.");
        return r.writeTo(directory);
    }

    // ------------------------------------------------------------------ tables

    static Table modelTable(CellGroups groups) {
        Table t = Table.of("Backdoored models (before any defense), beside the clean-model floor (the same model trained on the same images without"
                        + " poison, scored on the same triggered images). Trigger change: the mean absolute change the trigger makes to a training image's"
                        + " pixel values (0-255 scale) and the share of training images it leaves unchanged (every value within half a grey level)",
                "setting", "seeds", "trigger", "epochs", "trigger change (/255)", "unchanged images (%)", "poisoning", "poisoned images", "clean (%)", "ASR (%)",
                "RA (%)", "training seconds", "floor: clean (%)", "floor: ASR (%)").showIntervals(false);
        for (Map.Entry<String, List<ModelRun>> e : groups.modelGroups().entrySet()) {
            List<ModelRun> m = e.getValue();
            ModelRun first = m.get(0);
            t.row(e.getKey(), m.size(), first.trigger(), first.epochs(), CellGroups.meanSd(m, x -> x.visibility().meanAbsoluteChange(), 255, 2),
                    CellGroups.meanSd(m, x -> x.visibility().unchangedFraction(), 100, 1), first.poisonSpec(),
                    first.poisoned() + (first.noise() > 0 ? " + " + first.noise() + " noise-mode" : ""),
                    CellGroups.meanSd(m, x -> x.scores().ca(), 100, 2), CellGroups.meanSd(m, x -> x.scores().asr(), 100, 2),
                    CellGroups.meanSd(m, x -> x.scores().ra(), 100, 2), CellGroups.meanSd(m, ModelRun::trainSeconds, 1, 1),
                    CellGroups.meanSd(m, x -> x.floor() == null ? Double.NaN : x.floor().ca(), 100, 2),
                    CellGroups.meanSd(m, x -> x.floor() == null ? Double.NaN : x.floor().asr(), 100, 2));
        }
        return t;
    }

    static Table defenseTable(BackdoorConfig config, CellGroups groups, String dataset, String model, String attack) {
        List<ModelRun> m = groups.models(dataset, model, attack);
        String title = String.format(Locale.ROOT, "%s (backdoored: clean %s%%, ASR %s%%)", CellGroups.settingOf(dataset, model, attack),
                CellGroups.meanSd(m, x -> x.scores().ca(), 100, 2), CellGroups.meanSd(m, x -> x.scores().asr(), 100, 2));
        Table t = Table.of(title, "defense", "samples", "clean (%)", "delta clean (points)", "ASR (%)", "RA (%)", "DER", "seconds").showIntervals(false);
        if (!m.isEmpty() && m.stream().allMatch(x -> x.floor() != null)) {
            // what a model never poisoned does: the ASR no defense can go below without costing clean accuracy
            t.row("clean-model floor (no poison, no defense)", "-", CellGroups.meanSd(m, x -> x.floor().ca(), 100, 2),
                    CellGroups.meanSd(m, x -> 100 * (x.floor().ca() - x.scores().ca()), 1, 2), CellGroups.meanSd(m, x -> x.floor().asr(), 100, 2),
                    CellGroups.meanSd(m, x -> x.floor().ra(), 100, 2), "-", "-");
        }
        for (String defense : config.defenses) {
            for (int n : config.sizesFor(defense)) {
                for (String stage : defense.startsWith("ours") ? List.of(BackdoorClaims.OURS_EDITED, BackdoorClaims.OURS_FINAL) : List.of(DefenseRun.FINAL)) {
                    groups.get(dataset, model, attack, defense, n, stage).ifPresent(g -> t.row(g.get(0).label(), n,
                            CellGroups.meanSd(g, c -> c.after().ca(), 100, 2), CellGroups.meanSd(g, DefenseCell::cleanDeltaPoints, 1, 2),
                            CellGroups.meanSd(g, c -> c.after().asr(), 100, 2), CellGroups.meanSd(g, c -> c.after().ra(), 100, 2),
                            CellGroups.meanSd(g, DefenseCell::der, 1, 3), CellGroups.meanSd(g, DefenseCell::seconds, 1, 3)));
                }
            }
        }
        return t;
    }

    static Table speedTable(BackdoorConfig config, CellGroups groups) {
        Table t = Table.of("Mean seconds per defense run, over attacks and seeds (ours: repaired stage; includes reverse-engineering where used)",
                "dataset / model", "samples", "defense", "seconds", "x ours_known").showIntervals(false);
        for (String dataset : config.datasets) for (String model : config.useModels) for (int n : config.sampleSizes) {
            List<DefenseCell> ours = collect(config, groups, dataset, model, "ours_known", n);
            double base = CellGroups.mean(ours, DefenseCell::seconds);
            for (String defense : config.defenses) {
                List<DefenseCell> c = collect(config, groups, dataset, model, defense, n);
                if (c.isEmpty()) continue;
                double s = CellGroups.mean(c, DefenseCell::seconds);
                t.row(dataset + " / " + model, n, defense, CellGroups.meanSd(c, DefenseCell::seconds, 1, 3), ours.isEmpty() ? null : s / base);
            }
        }
        return t;
    }

    /** Per setting and baseline: its seconds over ours on the same backdoored model, per seed, as {@link SpeedRatio}. */
    static Table ratioTable(BackdoorConfig config, CellGroups groups) {
        Table t = Table.of("Baseline seconds over ours (trigger known) on the same backdoored models: geometric mean over seeds with a 95% Student-t"
                + " interval on the log ratios, and the per-seed ratios", "setting", "samples", "defense", "ours (s)", "defense (s)", "x ours [95% CI]",
                "per seed").showIntervals(false);
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            for (int n : config.sampleSizes) {
                var ours = groups.get(dataset, model, attack, "ours_known", n, BackdoorClaims.OURS_FINAL);
                if (ours.isEmpty()) continue;
                for (String defense : config.defenses) {
                    if (defense.equals("ours_known")) continue;
                    String stage = defense.startsWith("ours") ? BackdoorClaims.OURS_FINAL : DefenseRun.FINAL;
                    var other = groups.get(dataset, model, attack, defense, n, stage);
                    if (other.isEmpty()) continue;
                    SpeedRatio.of(ours.get(), other.get()).ifPresent(ratio -> t.row(CellGroups.settingOf(dataset, model, attack), n, defense,
                            CellGroups.meanSd(ours.get(), DefenseCell::seconds, 1, 3), CellGroups.meanSd(other.get(), DefenseCell::seconds, 1, 3),
                            ratio.describe(), Arrays.stream(ratio.perSeed()).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                                    .collect(Collectors.joining(", "))));
                }
            }
        }
        return t;
    }

    /** Where ours spends its seconds: the mean of each stage over attacks and seeds (from the runs' details). */
    static Table profileTable(BackdoorConfig config, CellGroups groups) {
        List<String> stages = List.of("rows", "capture", "search", "fit", "held_out", "repair");
        List<String> columns = new ArrayList<>(List.of("dataset / model", "samples", "defense"));
        for (String st : stages) columns.add(st + " (s)");
        columns.add("edit total (s)");
        Table t = Table.of("Ours, seconds per stage (mean over attacks and seeds; rows: shifted copies and triggers; capture: the activation pass;"
                + " search: cross-validated lambda and k; fit: the final solve; held_out: cross-fitted predictions; repair: collapse check and refit;"
                + " the trigger-unknown setting's reverse-engineering is not in these)", columns.toArray(String[]::new)).showIntervals(false);
        for (String dataset : config.datasets) for (String model : config.useModels) for (int n : config.sampleSizes) {
            for (String ours : List.of("ours_known", "ours_unknown")) {
                List<DefenseCell> c = collect(config, groups, dataset, model, ours, n);
                if (c.isEmpty()) continue;
                List<Object> row = new ArrayList<>(List.of(dataset + " / " + model, n, ours));
                for (String st : stages) row.add(CellGroups.meanSd(c, x -> x.details().get("seconds_" + st) instanceof Number v ? v.doubleValue() : Double.NaN, 1, 3));
                row.add(CellGroups.meanSd(c, x -> x.details().get("edit_seconds") instanceof Number v ? v.doubleValue() : Double.NaN, 1, 3));
                t.row(row.toArray());
            }
        }
        return t;
    }

    private static List<DefenseCell> collect(BackdoorConfig config, CellGroups groups, String dataset, String model, String defense, int n) {
        List<DefenseCell> out = new ArrayList<>();
        String stage = defense.startsWith("ours") ? BackdoorClaims.OURS_FINAL : DefenseRun.FINAL;
        for (String attack : config.attacksFor(model)) groups.get(dataset, model, attack, defense, n, stage).ifPresent(out::addAll);
        return out;
    }

    // ------------------------------------------------------------------ the per-class figure

    static Figure perClassFigure(BackdoorConfig config, CellGroups groups, DatasetSplits data, BackdoorClaims.Collapse c) {
        String[] parts = c.setting().split(" / ");
        List<DefenseCell> edited = groups.get(parts[0], parts[1], parts[2], c.defense(), c.samples(), BackdoorClaims.OURS_EDITED).orElseThrow();
        List<DefenseCell> repaired = groups.get(parts[0], parts[1], parts[2], c.defense(), c.samples(), BackdoorClaims.OURS_FINAL).orElseThrow();
        int k = data.numClasses();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < k; i++) classes.add(i + " " + shorten(data.classes().get(i)));
        double[] b = new double[k], e = new double[k], rp = new double[k];
        for (int i = 0; i < k; i++) {
            final int cls = i;
            b[i] = 100 * CellGroups.mean(edited, x -> x.before().classAccuracy(cls));
            e[i] = 100 * CellGroups.mean(edited, x -> x.after().classAccuracy(cls));
            rp[i] = 100 * CellGroups.mean(repaired, x -> x.after().classAccuracy(cls));
        }
        String title = String.format(Locale.ROOT, "Per-class accuracy: %s, %s, %d samples (target class %d)", c.setting(), c.defense(), c.samples(),
                config.attacks.get(parts[2]).target);
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title).xAxisTitle("class")
                .yAxisTitle("clean accuracy (%)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("backdoored", classes, Arrays.stream(b).boxed().toList());
        chart.addSeries("edited", classes, Arrays.stream(e).boxed().toList());
        chart.addSeries("repaired", classes, Arrays.stream(rp).boxed().toList());
        List<String> drawn = new ArrayList<>(List.of(title, "class", "clean accuracy (%)", "backdoored", "edited", "repaired"));
        drawn.addAll(classes);
        String file = ("per-class-" + parts[0] + "-" + parts[1]).replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
        return Plots.render(file, title + ": the target-class collapse after the edit and its repair (mean over seeds)", chart, drawn);
    }

    private static String shorten(String name) {
        return name.length() <= 14 ? name : name.substring(0, 13) + ".";
    }
}
