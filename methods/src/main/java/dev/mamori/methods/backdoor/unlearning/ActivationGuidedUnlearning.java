package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.methods.backdoor.triggers.Trigger;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Backdoor removal by activation-guided model editing with a repair step: our reconstruction of Hsieh, Nguyen,
 * MaungMaung, Usynin and Echizen (2024), docs/METHODS.md item 4. The defender has the backdoored model, a few clean
 * samples of its domain that it was not trained on, and either the trigger (the "trigger known" setting) or nothing
 * more (the "trigger unknown" setting, where the trigger is reverse-engineered from the samples with Neural Cleanse).
 * <ol>
 *   <li><b>Activations.</b> The samples (and {@code augmentCopies} shifted copies of each) are run through the model
 *       with and without the trigger; the activations that each edited layer reads are captured (a forward pre-hook
 *       on a linear layer: by default the head, which reads the penultimate features).</li>
 *   <li><b>Locate.</b> Units are ranked by how far the trigger moves them relative to their clean spread
 *       ({@link UnitRanking}); the edit may change only the weights reading the top k.</li>
 *   <li><b>Edit, in closed form.</b> Ridge least squares ({@link RidgeEdit}, EJML): triggered activations are mapped
 *       to the layer's outputs on their clean counterparts while clean activations keep theirs. Several layers are
 *       edited in order, each on the activations of the already edited network.</li>
 *   <li><b>Hyperparameters without triggered test data.</b> lambda and k are chosen by K-fold cross-validation over
 *       the samples (folds by sample, stratified by class; a sample's copies stay in its fold; units re-ranked on each
 *       training part): the candidate with the smallest held-out squared error of the objective, i.e. the trigger's
 *       effect left on held-out triggered rows plus the change on held-out clean rows, both at the layer's output;
 *       ties go to the larger lambda, then to fewer units.</li>
 *   <li><b>Repair.</b> Unlearning can erase the target class (its features are what the trigger imitates). The
 *       collapse is detected from the samples by cross-fitting ({@link CollapseCheck}); the collapsed classes' clean
 *       rows are then weighted up in the same closed form, with the smallest weight that brings their cross-fitted
 *       true-class probability back within half the threshold (the largest weight tried when none does).</li>
 * </ol>
 * The stages "edited" and "repaired" of a run set the layers to the edit before and after the repair, so both can be
 * evaluated; a run leaves the model repaired. Without a collapse the two stages are the same weights.
 */
public final class ActivationGuidedUnlearning implements Defense {
    /** Where the trigger comes from. */
    public enum TriggerSource { KNOWN, UNKNOWN }

    public static final String EDITED = "edited", REPAIRED = "repaired";

    private final TriggerSource source;
    private final UnlearningOptions options;

    public ActivationGuidedUnlearning(TriggerSource source, UnlearningOptions options) {
        this.source = source;
        this.options = options;
    }

    @Override
    public String name() {
        return source == TriggerSource.KNOWN ? "ours_known" : "ours_unknown";
    }

    @Override
    public String describe() {
        return "activation-guided closed-form edit with repair (ours), trigger " + (source == TriggerSource.KNOWN ? "known"
                : "unknown (Neural Cleanse reverse-engineering on the samples)") + "; " + options.describe();
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples samples = context.samples().checkFor(model);
        Map<String, Object> details = new LinkedHashMap<>();
        List<Trigger> triggers = new ArrayList<>();
        double reverseSeconds = 0;
        if (source == TriggerSource.KNOWN) {
            triggers.add(context.knownTrigger().orElseThrow(() -> new IllegalArgumentException("the trigger-known setting needs the trigger")));
        } else {
            NeuralCleanse.Reconstruction rec = context.reconstruction();
            triggers.add(rec.trigger());
            reverseSeconds = rec.seconds();
            details.putAll(rec.summary());
            // a blend-like reconstruction too when the run has one: the edit then cancels both forms (rows of each)
            context.blendReconstruction().ifPresent(b -> {
                triggers.add(b.trigger());
                b.summary().forEach((k, v) -> details.put("full_image." + k, v));
            });
            reverseSeconds += context.blendReconstruction().map(NeuralCleanse.Reconstruction::seconds).orElse(0.0);
        }
        long t0 = System.nanoTime();
        Outcome o = unlearn(model, samples, triggers);
        double seconds = (System.nanoTime() - t0) / 1e9;
        details.put("edit_seconds", seconds);
        details.putAll(o.summary());
        Map<String, Runnable> stages = new LinkedHashMap<>();
        stages.put(EDITED, o::applyEdited);
        stages.put(REPAIRED, o::applyRepaired);
        return new DefenseRun(name(), seconds + reverseSeconds, samples.size(), details, stages);
    }

    // ------------------------------------------------------------------ results

    /** One edited layer: what was chosen and measured. */
    public record LayerEdit(ReadingLayer layer, double[][] original, double[][] edited, double lambda, int units, int[] editedUnits,
                            double[] unitScores, List<Candidate> candidates) {}

    /**
     * A hyperparameter candidate with its cross-validated held-out errors, as fractions of the trigger's effect on the
     * held-out rows (sum over them of || y(t_i) - y(a_i) ||^2): {@code triggeredError} the effect left on triggered
     * rows, {@code cleanError} the change on clean rows.
     */
    public record Candidate(double lambda, int units, double triggeredError, double cleanError) {
        public double error() {
            return triggeredError + cleanError;
        }
    }

    /**
     * Prediction-level numbers of the chosen edit on the samples, cross-fitted: held-out clean and triggered accuracy,
     * before (unedited) and after.
     */
    public record HeldOut(double cleanBefore, double triggeredBefore, double cleanAfter, double triggeredAfter) {}

    /** What the repair did. */
    public record Repair(CollapseCheck check, double weight, boolean restored, double[] restoredProbability, double[][] repaired) {}

    /**
     * Everything a run produced; {@link #applyEdited} and {@link #applyRepaired} set the layers to either stage.
     * {@code stageSeconds}: wall-clock seconds of each stage (rows: shifted copies and the trigger; capture: the
     * activation passes; search: the cross-validated choice of lambda and k; fit: the final solve; held_out: the
     * cross-fitted predictions; repair: the collapse check and any refit), summed over the edited layers.
     */
    public record Outcome(List<LayerEdit> layers, HeldOut heldOut, Repair repair, int rows, int apparentTarget, Map<String, Double> stageSeconds) {
        public void applyEdited() {
            for (LayerEdit e : layers) e.layer().setWeight(e.edited());
        }

        public void applyRepaired() {
            applyEdited();
            if (repair != null && repair.repaired() != null) layers.get(layers.size() - 1).layer().setWeight(repair.repaired());
        }

        /** Restores every edited layer's original weights. */
        public void undo() {
            for (int i = layers.size() - 1; i >= 0; i--) layers.get(i).layer().setWeight(layers.get(i).original());
        }

        public boolean collapseDetected() {
            return repair != null && repair.check().any();
        }

        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (LayerEdit e : layers) {
                String p = layers.size() == 1 ? "" : e.layer().path() + ".";
                m.put(p + "layer", e.layer().path());
                m.put(p + "lambda", e.lambda());
                m.put(p + "units_edited", e.units() + " of " + e.layer().inFeatures());
                m.put(p + "top_units", Arrays.stream(topOrder(e.unitScores())).limit(8).boxed().toList());
                e.candidates().stream().filter(c -> c.lambda() == e.lambda() && c.units() == e.units()).findFirst().ifPresent(c -> {
                    m.put(p + "cv_triggered_error", c.triggeredError());
                    m.put(p + "cv_clean_error", c.cleanError());
                });
            }
            m.put("rows", rows);
            m.put("apparent_target", apparentTarget);
            stageSeconds.forEach((k, v) -> m.put("seconds_" + k, v));
            m.put("cv_clean_accuracy", List.of(heldOut.cleanBefore(), heldOut.cleanAfter()));
            m.put("cv_triggered_accuracy", List.of(heldOut.triggeredBefore(), heldOut.triggeredAfter()));
            if (repair != null) {
                m.put("collapsed_classes", repair.check().collapsed());
                m.put("cv_true_class_probability_before", rounded(repair.check().before()));
                m.put("cv_true_class_probability_edited", rounded(repair.check().after()));
                if (repair.check().any()) {
                    m.put("repair_weight", repair.weight());
                    m.put("repair_restored", repair.restored());
                    m.put("cv_true_class_probability_repaired", rounded(repair.restoredProbability()));
                }
            }
            return m;
        }
    }

    // ------------------------------------------------------------------ the method

    /**
     * Runs the method on {@code model} in place (the model ends repaired) with the defender's samples and the trigger
     * it has (the true one or a reverse-engineered one).
     */
    public Outcome unlearn(Classifier model, DefenseSamples samples, Trigger trigger) {
        return unlearn(model, samples, List.of(trigger));
    }

    /**
     * As {@link #unlearn(Classifier, DefenseSamples, Trigger)} with several triggers at once (reverse-engineered forms
     * of the same unknown trigger): every sample's rows appear once per trigger, paired with the same clean rows.
     */
    public Outcome unlearn(Classifier model, DefenseSamples samples, List<Trigger> triggers) {
        samples.checkFor(model);
        List<ReadingLayer> layers = new ArrayList<>();
        if (options.layers.isEmpty()) layers.add(ReadingLayer.last(model));
        else for (String p : options.layers) layers.add(ReadingLayer.of(model, p));

        StageClock clock = new StageClock();
        EditRows rows = EditRows.of(samples, triggers, options, new SplittableRandom(options.seed));
        clock.lap("rows");
        double[][] cleanBefore = null, triggeredBefore = null;
        List<LayerEdit> edits = new ArrayList<>();
        Repair repair = null;
        HeldOut heldOut = null;
        for (int li = 0; li < layers.size(); li++) {
            boolean last = li == layers.size() - 1;
            // the last layer's cross-fitted predictions come in the same pass as its capture where it reads one row per image
            LayerProblem.Solved solved = LayerProblem.solve(model, layers.get(li), rows, options, clock, last);
            LayerProblem p = solved.problem();
            if (li == 0) {
                cleanBefore = p.cleanProbabilities;
                triggeredBefore = p.triggeredProbabilities;
            }
            LayerEdit edit = solved.edit();
            edits.add(edit);
            if (last) {
                double[][][] cv = solved.crossFitted();
                int[] labels = rows.baseLabels();
                heldOut = new HeldOut(accuracy(cleanBefore, labels), accuracy(triggeredBefore, labels), accuracy(cv[0], labels), accuracy(cv[1], labels));
                clock.lap("held_out");
                if (options.repair) repair = repair(p, edit, cleanBefore, cv[0], rows);
                clock.lap("repair");
            }
            layers.get(li).setWeight(edit.edited());
        }
        Outcome outcome = new Outcome(edits, heldOut, repair, rows.rows(), majority(triggeredBefore, samples.numClasses()), clock.seconds());
        outcome.applyRepaired();
        return outcome;
    }

    private Repair repair(LayerProblem p, LayerEdit edit, double[][] before, double[][] after, EditRows rows) {
        int[] labels = rows.baseLabels();
        CollapseCheck check = CollapseCheck.of(labels, Arrays.copyOf(before, labels.length), after, rows.numClasses(), options.collapseDrop);
        if (!check.any()) return new Repair(check, 1, true, check.after(), edit.edited());
        double[] classWeight = new double[rows.numClasses()];
        double chosen = options.repairWeights[options.repairWeights.length - 1];
        boolean restored = false;
        double[] restoredProbability = null;
        for (double w : options.repairWeights) {
            Arrays.fill(classWeight, 1);
            for (int c : check.collapsed()) classWeight[c] = w;
            double[][] cv = p.crossFittedProbabilities(edit, classWeight)[0];
            double[] prob = CollapseCheck.meanTrueClass(labels, cv, rows.numClasses());
            restoredProbability = prob;
            boolean ok = true;
            for (int c : check.collapsed()) if (check.before()[c] - prob[c] >= options.collapseDrop / 2) ok = false;
            if (ok) {
                chosen = w;
                restored = true;
                break;
            }
        }
        Arrays.fill(classWeight, 1);
        for (int c : check.collapsed()) classWeight[c] = chosen;
        return new Repair(check, chosen, restored, restoredProbability, p.refit(edit, classWeight));
    }

    // ------------------------------------------------------------------ helpers

    static double accuracy(double[][] probabilities, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (argmax(probabilities[i]) == labels[i]) right++;
        return (double) right / labels.length;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    static int majority(double[][] probabilities, int numClasses) {
        int[] counts = new int[numClasses];
        for (double[] p : probabilities) counts[argmax(p)]++;
        int best = 0;
        for (int c = 1; c < numClasses; c++) if (counts[c] > counts[best]) best = c;
        return best;
    }

    static int[] topOrder(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    private static List<Double> rounded(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) out.add(Double.isNaN(x) ? null : Math.round(x * 1000) / 1000.0);
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%s)", name(), options.describe());
    }

}
