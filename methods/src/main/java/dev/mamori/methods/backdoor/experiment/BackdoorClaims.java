package dev.mamori.methods.backdoor.experiment;

import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.unlearning.ActivationGuidedUnlearning;
import dev.mamori.methods.common.Claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claims of Hsieh et al. (2024) and the goal, decided from the measured numbers (means over seeds) with
 * rules fixed before the run. Only settings whose backdoor took (mean ASR of the backdoored models at least 50%) are
 * cases; the others are listed as not applicable.
 */
final class BackdoorClaims {
    /** The goal's thresholds: ASR below 2%, clean accuracy within 1 point, at least 10 times faster. */
    static final double GOAL_ASR = 0.02, GOAL_CLEAN_POINTS = 1.0, GOAL_SPEEDUP = 10;
    /** "Works" across datasets and triggers: ASR at most 10%, clean accuracy within 2 points. */
    static final double WORKS_ASR = 0.10, WORKS_CLEAN_POINTS = 2.0;
    /** A target-class collapse: the target class's clean accuracy falls by at least 10 points after the edit. */
    static final double COLLAPSE_POINTS = 10;
    /** Repaired: the target class's accuracy is back within 5 points of the backdoored model's. */
    static final double REPAIRED_POINTS = 5;
    /** A baseline "wins" when its mean DER exceeds ours by more than this. */
    static final double DER_MARGIN = 0.01;

    static final String OURS_FINAL = ActivationGuidedUnlearning.REPAIRED, OURS_EDITED = ActivationGuidedUnlearning.EDITED;

    private final BackdoorConfig config;
    private final CellGroups groups;

    BackdoorClaims(BackdoorConfig config, List<ModelRun> models, List<DefenseCell> cells) {
        this.config = config;
        this.groups = new CellGroups(models, cells);
    }

    List<Claim> all() {
        return List.of(fewSamples("ours_known"), fewSamples("ours_unknown"), downToFloor("ours_known"), downToFloor("ours_unknown"), cheap(), collapseExists(), repairFixes(), acrossDatasetsAndTriggers(),
                baselinesWin("ours_known"), baselinesWin("ours_unknown"));
    }

    // ------------------------------------------------------------------ the claims

    Claim fewSamples(String ours) {
        List<String> lines = new ArrayList<>(), skipped = new ArrayList<>();
        int[] passed = new int[2];                               // [passing cells, cells]
        forEachGoalCell(ours, false, skipped, (dataset, model, attack, n, cells) -> {
            double asr = CellGroups.mean(cells, c -> c.after().asr());
            double delta = CellGroups.mean(cells, DefenseCell::cleanDeltaPoints);
            boolean ok = asr < GOAL_ASR && delta >= -GOAL_CLEAN_POINTS;
            passed[1]++;
            if (ok) passed[0]++;
            Proportion floor = groups.floor(dataset, model, attack);
            String floorNote = floor == null ? "" : String.format(Locale.ROOT, " (clean-model floor %.2f%%%s)", 100 * floor.value(),
                    floor.value() >= GOAL_ASR ? ": the goal is below what a model never poisoned does" : "");
            lines.add(String.format(Locale.ROOT, "%s, %d samples: ASR %s%%, clean %+.2f points%s%s", CellGroups.settingOf(dataset, model, attack), n,
                    CellGroups.meanSd(cells, c -> c.after().asr(), 100, 2), delta, floorNote, ok ? "" : " - falls short"));
        });
        String setting = ours.equals("ours_known") ? "trigger known" : "trigger unknown (reverse-engineered)";
        return Claim.decide("With at most 50 unseen clean samples, the edit with repair (" + setting + ") brings the attack success rate of BadNets"
                        + " and Blend below 2% and keeps clean accuracy within 1 point of the backdoored model (the issue's goal; Hsieh et al.: effective"
                        + " with few samples).", passed[0], passed[1],
                "per dataset, model, attack (BadNets, Blend) and sample size <= 50: mean over seeds of the repaired model's ASR < 2% and mean clean"
                        + " accuracy change >= -1 point",
                evidence(lines, skipped));
    }

    /**
     * The goal measured against the clean-model floor instead of a fixed 2%: a removed backdoor leaves the model doing
     * what a model never poisoned does, and the triggered images it sends to the target class anyway (look-alike
     * classes) are no backdoor. Counts are pooled over seeds; the interval is Newcombe's for two proportions, treated as
     * independent (they are the same images under two models, so it is conservative).
     */
    Claim downToFloor(String ours) {
        String setting = ours.equals("ours_known") ? "trigger known" : "trigger unknown (reverse-engineered)";
        String statement = "With at most 50 unseen clean samples, the edit with repair (" + setting + ") brings the attack success rate of BadNets"
                + " and Blend down to the clean-model floor (the ASR of the same model trained on the same images without poison) and keeps clean"
                + " accuracy within 1 point (the issue's goal, measured against what no defense can go below).";
        String rule = "per dataset, model, attack (BadNets, Blend) and sample size <= 50: the 95% interval of ours' ASR minus the floor's (counts pooled"
                + " over seeds, Newcombe) reaches 0 or below (not significantly above the floor), and mean clean accuracy change >= -1 point";
        if (!config.cleanFloor) return Claim.notMeasured(statement, rule, "The clean-model floor was not measured (cleanFloor: false).");
        List<String> lines = new ArrayList<>(), skipped = new ArrayList<>();
        int[] passed = new int[2];                               // [passing cells, cells]
        forEachGoalCell(ours, true, skipped, (dataset, model, attack, n, cells) -> {
            Proportion floor = groups.floor(dataset, model, attack);
            Proportion asr = CellGroups.pooled(cells, c -> c.after().attackSuccess());
            Interval d = asr.differenceFrom(floor);
            double delta = CellGroups.mean(cells, DefenseCell::cleanDeltaPoints);
            boolean ok = d.lower() <= 0 && delta >= -GOAL_CLEAN_POINTS;
            passed[1]++;
            if (ok) passed[0]++;
            lines.add(String.format(Locale.ROOT, "%s, %d samples: ASR %.2f%% vs floor %.2f%%, difference %+.2f points [%+.2f, %+.2f], clean %+.2f points%s",
                    CellGroups.settingOf(dataset, model, attack), n, 100 * asr.value(), 100 * floor.value(), 100 * (asr.value() - floor.value()),
                    100 * d.lower(), 100 * d.upper(), delta, ok ? "" : " - falls short"));
        });
        return Claim.decide(statement, passed[0], passed[1], rule, evidence(lines, skipped));
    }

    /** One cell of the goal: a setting, a sample size and ours' final results over the seeds. */
    private interface GoalCell {
        void accept(String dataset, String model, String attack, int samples, List<DefenseCell> cells);
    }

    /**
     * Visits the cells the goal speaks of: BadNets and Blend, at most 50 samples, with results of {@code ours}; a
     * setting whose backdoor did not take is listed in {@code skipped} instead (nothing to remove). With
     * {@code onlyWithFloor}, settings without a measured clean-model floor are passed over entirely.
     */
    private void forEachGoalCell(String ours, boolean onlyWithFloor, List<String> skipped, GoalCell body) {
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            String trigger = config.attacks.get(attack).trigger;
            if (!trigger.equals("badnets") && !trigger.equals("blend")) continue;
            if (onlyWithFloor && groups.floor(dataset, model, attack) == null) continue;
            for (int n : config.sizesFor(ours)) {
                if (n > 50) continue;
                var g = groups.get(dataset, model, attack, ours, n, OURS_FINAL);
                if (g.isEmpty()) continue;
                if (!groups.implanted(dataset, model, attack)) {
                    skipped.add(CellGroups.settingOf(dataset, model, attack));
                    continue;
                }
                body.accept(dataset, model, attack, n, g.get());
            }
        }
    }

    Claim cheap() {
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            for (int n : config.sampleSizes) {
                var ours = groups.get(dataset, model, attack, "ours_known", n, OURS_FINAL);
                if (ours.isEmpty()) continue;
                double s = CellGroups.mean(ours.get(), DefenseCell::seconds);
                for (String baseline : List.of("finetune", "ibau")) {
                    var b = groups.get(dataset, model, attack, baseline, n, DefenseRun.FINAL);
                    if (b.isEmpty()) continue;
                    var ratio = SpeedRatio.of(ours.get(), b.get());
                    if (ratio.isEmpty()) continue;
                    boolean ok = ratio.get().atLeast(GOAL_SPEEDUP);
                    cases++;
                    if (ok) pass++;
                    lines.add(String.format(Locale.ROOT, "%s, %d samples: ours %.3f s vs %s %.3f s (%s)%s", CellGroups.settingOf(dataset, model, attack), n, s,
                            baseline, CellGroups.mean(b.get(), DefenseCell::seconds), ratio.get().describe(), ok ? "" : " - falls short"));
                }
            }
        }
        return Claim.decide("The edit (trigger known) is cheap: at least 10 times faster than fine-tuning and I-BAU on the same samples (the issue's"
                        + " goal; Hsieh et al.: cheap).", pass, cases,
                "per dataset, model, attack and sample size: the baseline's wall-clock seconds over ours on the same backdoored model, per seed;"
                        + " their geometric mean with a 95% Student-t interval on the log ratios over seeds; the whole interval at least 10 (same"
                        + " machine, same run, one CPU slot of a shared 2-core machine: noisy)",
                lines.isEmpty() ? "No case: fine-tuning or I-BAU did not run at the sizes ours ran." : String.join("; ", lines) + ".");
    }

    Claim collapseExists() {
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (Collapse c : collapses()) {
            cases++;
            if (c.collapsed()) pass++;
            lines.add(c.describe());
        }
        return Claim.decide("Unlearning the backdoor can erase the target class (target-class collapse), Hsieh et al.", pass, cases,
                "per dataset, model, all-to-one attack, sample size and setting (trigger known / unknown): the target class's mean clean accuracy after"
                        + " the edit (before the repair) is at least " + (int) COLLAPSE_POINTS + " points below the backdoored model's",
                lines.isEmpty() ? "No case." : String.join("; ", lines) + ".");
    }

    Claim repairFixes() {
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (Collapse c : collapses()) {
            if (!c.collapsed()) continue;
            cases++;
            boolean ok = c.repaired() >= c.backdoored() - REPAIRED_POINTS / 100;
            if (ok) pass++;
            lines.add(c.describe() + (ok ? "" : " - not repaired"));
        }
        if (cases == 0) {
            return Claim.notMeasured("The repair step restores a collapsed target class with the same samples (Hsieh et al.).",
                    "per collapsed case: the repaired target-class accuracy within " + (int) REPAIRED_POINTS + " points of the backdoored model's",
                    "No target-class collapse of " + (int) COLLAPSE_POINTS + " points or more happened in this run, so the repair had nothing to fix"
                            + " (see the claim above and the per-class table).");
        }
        return Claim.decide("The repair step restores a collapsed target class with the same samples (Hsieh et al.).", pass, cases,
                "per collapsed case: the repaired target-class accuracy within " + (int) REPAIRED_POINTS + " points of the backdoored model's",
                String.join("; ", lines) + ".");
    }

    Claim acrossDatasetsAndTriggers() {
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>(), skipped = new ArrayList<>();
        Set<String> datasetsMeasured = new TreeSet<>(), triggersMeasured = new TreeSet<>();
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            int n = largestAtMost(config.sizesFor("ours_known"), 50);
            if (n < 0) continue;
            var g = groups.get(dataset, model, attack, "ours_known", n, OURS_FINAL);
            if (g.isEmpty()) continue;
            if (!groups.implanted(dataset, model, attack)) {
                skipped.add(CellGroups.settingOf(dataset, model, attack));
                continue;
            }
            double asr = CellGroups.mean(g.get(), c -> c.after().asr());
            double delta = CellGroups.mean(g.get(), DefenseCell::cleanDeltaPoints);
            boolean ok = asr <= WORKS_ASR && delta >= -WORKS_CLEAN_POINTS;
            cases++;
            if (ok) pass++;
            datasetsMeasured.add(dataset);
            triggersMeasured.add(config.attacks.get(attack).trigger);
            lines.add(String.format(Locale.ROOT, "%s (%d samples): ASR %.1f%%, clean %+.2f points%s", CellGroups.settingOf(dataset, model, attack), n,
                    100 * asr, delta, ok ? "" : " - falls short"));
        }
        String statement = "The edit works across datasets (grey and colour) and triggers (BadNets, Blend, SIG, WaNet, trojan-style patch), Hsieh et al.";
        String rule = "per dataset, model and attack, trigger known, at the largest sample size <= 50: mean ASR <= 10% and mean clean accuracy"
                + " change >= -2 points; measured only when the run covers at least two datasets and all five triggers";
        // a run on fewer datasets or triggers (--quick) cannot show "across": it says what it saw without a verdict
        if (datasetsMeasured.size() < 2 || !triggersMeasured.containsAll(AttackSpec.TRIGGERS)) {
            return Claim.notMeasured(statement, rule, "This run covered datasets " + datasetsMeasured + " and triggers " + triggersMeasured + " only; "
                    + pass + " of " + cases + " of its cases pass: " + evidence(lines, skipped));
        }
        return Claim.decide(statement, pass, cases, rule, evidence(lines, skipped));
    }

    /** {@code ours} against every baseline; with the trigger unknown it is the like-for-like comparison (no baseline is given the trigger). */
    Claim baselinesWin(String ours) {
        int pass = 0, cases = 0;
        List<String> wins = new ArrayList<>();
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            if (!groups.implanted(dataset, model, attack)) continue;
            for (int n : config.sampleSizes) {
                var edited = groups.get(dataset, model, attack, ours, n, OURS_FINAL);
                if (edited.isEmpty()) continue;
                double der = CellGroups.mean(edited.get(), DefenseCell::der);
                List<String> better = new ArrayList<>();
                boolean any = false;
                for (String baseline : config.defenses) {
                    if (baseline.startsWith("ours")) continue;
                    var b = groups.get(dataset, model, attack, baseline, n, DefenseRun.FINAL);
                    if (b.isEmpty()) continue;
                    any = true;
                    double bd = CellGroups.mean(b.get(), DefenseCell::der);
                    if (bd > der + DER_MARGIN) better.add(String.format(Locale.ROOT, "%s DER %.3f", baseline, bd));
                }
                if (!any) continue;
                cases++;
                if (better.isEmpty()) pass++;
                else wins.add(String.format(Locale.ROOT, "%s, %d samples: ours DER %.3f; %s", CellGroups.settingOf(dataset, model, attack), n, der,
                        String.join(", ", better)));
            }
        }
        String setting = ours.equals("ours_known") ? "trigger known" : "trigger unknown, like the baselines";
        return Claim.decide("No baseline beats the edit (" + setting + ") on the same samples (our question; a baseline that wins is listed).", pass, cases,
                "per dataset, model, attack and sample size where baselines ran: no baseline's mean defense effectiveness rate (BackdoorBench's DER)"
                        + " exceeds ours by more than " + DER_MARGIN,
                wins.isEmpty() ? "No baseline won." : "Baselines that win: " + String.join("; ", wins) + ".");
    }

    // ------------------------------------------------------------------ target-class collapse

    /** One (setting, sample size, trigger source) of ours: the target class's mean accuracy at each stage. */
    record Collapse(String setting, int samples, String defense, double backdoored, double edited, double repaired, boolean detected) {
        boolean collapsed() {
            return backdoored - edited >= COLLAPSE_POINTS / 100;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s, %d samples, %s: target class %.1f%% -> %.1f%% edited -> %.1f%% repaired (collapse %s on the samples)",
                    setting, samples, defense, 100 * backdoored, 100 * edited, 100 * repaired, detected ? "detected" : "not detected");
        }
    }

    List<Collapse> collapses() {
        List<Collapse> out = new ArrayList<>();
        for (String dataset : config.datasets) for (String model : config.useModels) for (String attack : config.attacksFor(model)) {
            AttackSpec a = config.attacks.get(attack);
            if (!a.mode.equals("all_to_one") || !groups.implanted(dataset, model, attack)) continue;
            for (String ours : List.of("ours_known", "ours_unknown")) {
                if (!config.defenses.contains(ours)) continue;
                for (int n : config.sizesFor(ours)) {
                    var edited = groups.get(dataset, model, attack, ours, n, OURS_EDITED);
                    var repaired = groups.get(dataset, model, attack, ours, n, OURS_FINAL);
                    if (edited.isEmpty() || repaired.isEmpty()) continue;
                    int t = a.target;
                    double before = CellGroups.mean(edited.get(), c -> c.before().classAccuracy(t));
                    double e = CellGroups.mean(edited.get(), c -> c.after().classAccuracy(t));
                    double r = CellGroups.mean(repaired.get(), c -> c.after().classAccuracy(t));
                    boolean detected = edited.get().stream().anyMatch(c -> {
                        Object cc = c.details().get("collapsed_classes");
                        return cc instanceof List<?> l && l.contains(t);
                    });
                    out.add(new Collapse(CellGroups.settingOf(dataset, model, attack), n, ours, before, e, r, detected));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    static int largestAtMost(List<Integer> sizes, int limit) {
        return sizes.stream().filter(n -> n <= limit).mapToInt(Integer::intValue).max().orElse(-1);
    }

    private static String evidence(List<String> lines, List<String> skipped) {
        String s = lines.isEmpty() ? "No case." : String.join("; ", lines) + ".";
        if (!skipped.isEmpty()) s += " Not applicable (the backdoor did not take, mean ASR < 50%): " + String.join(", ", skipped.stream().distinct().toList()) + ".";
        return s;
    }

    Map<String, Object> thresholds() {
        return Map.of("goal_asr", GOAL_ASR, "goal_clean_points", GOAL_CLEAN_POINTS, "goal_speedup", GOAL_SPEEDUP, "collapse_points", COLLAPSE_POINTS,
                "repaired_points", REPAIRED_POINTS);
    }
}
