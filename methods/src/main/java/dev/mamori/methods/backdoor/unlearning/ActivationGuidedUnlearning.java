package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.Predictions;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.methods.backdoor.triggers.Trigger;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 *       with and without the trigger; the activations that the edited layer reads are captured (a forward pre-hook on
 *       a linear layer: by default the head, which reads the penultimate features).</li>
 *   <li><b>Locate.</b> Units are ranked by how far the trigger moves them relative to their clean spread
 *       ({@link UnitRanking}); the edit may change only the weights reading the top k.</li>
 *   <li><b>Edit, in closed form.</b> Ridge least squares ({@link RidgeEdit}, EJML): triggered activations are mapped
 *       to the layer's outputs on their clean counterparts while clean activations keep theirs.</li>
 *   <li><b>Hyperparameters without triggered test data.</b> lambda and k are chosen by K-fold cross-validation over
 *       the samples (folds by sample, stratified by class; a sample's copies stay in its fold): the candidate with
 *       the best held-out accuracy on triggered samples (the trigger the defender has: the true one, or the
 *       reverse-engineered one) among those whose held-out clean accuracy is within {@code cleanTolerance} of the
 *       unedited model's; ties go to the smaller edit (larger lambda, fewer units).</li>
 *   <li><b>Repair.</b> Unlearning can erase the target class (its features are what the trigger imitates). The
 *       collapse is detected from the samples by cross-fitting ({@link CollapseCheck}); the collapsed classes'
 *       clean rows are then weighted up in the same closed form, with the smallest weight that restores their
 *       cross-fitted accuracy (the largest tried when none does).</li>
 * </ol>
 * The stages "edited" and "repaired" of a run set the layer to the edit before and after the repair, so both can be
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
        Trigger trigger;
        double reverseSeconds = 0;
        if (source == TriggerSource.KNOWN) {
            trigger = context.knownTrigger().orElseThrow(() -> new IllegalArgumentException("the trigger-known setting needs the trigger"));
        } else {
            NeuralCleanse.Reconstruction rec = context.reconstruction();
            trigger = rec.trigger();
            reverseSeconds = rec.seconds();
            details.putAll(rec.summary());
        }
        long t0 = System.nanoTime();
        Outcome o = unlearn(model, samples, trigger);
        double seconds = (System.nanoTime() - t0) / 1e9;
        details.put("edit_seconds", seconds);
        details.putAll(o.summary());
        Map<String, Runnable> stages = new LinkedHashMap<>();
        stages.put(EDITED, o::applyEdited);
        stages.put(REPAIRED, o::applyRepaired);
        return new DefenseRun(name(), seconds + reverseSeconds, samples.size(), details, stages);
    }

    // ------------------------------------------------------------------ the method

    /** One edited layer: what was chosen and measured. */
    public record LayerEdit(ReadingLayer layer, double[][] original, double[][] edited, double lambda, int units, int[] editedUnits,
                            double[] unitScores, List<Candidate> candidates, double heldOutCleanBefore) {}

    /** A hyperparameter candidate with its cross-validated held-out accuracies. */
    public record Candidate(double lambda, int units, double cleanAccuracy, double triggeredAccuracy) {}

    /** What the repair did. */
    public record Repair(CollapseCheck check, double weight, boolean restored, double[] restoredAccuracy, double[][] repaired) {}

    /** Everything a run produced; {@link #applyEdited} and {@link #applyRepaired} set the last layer to either stage. */
    public record Outcome(List<LayerEdit> layers, Repair repair, int rows, int apparentTarget) {
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

        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (LayerEdit e : layers) {
                String p = layers.size() == 1 ? "" : e.layer().path() + ".";
                m.put(p + "layer", e.layer().path());
                m.put(p + "lambda", e.lambda());
                m.put(p + "units_edited", e.units() + " of " + e.layer().inFeatures());
                m.put(p + "top_units", Arrays.copyOf(topOrder(e.unitScores()), Math.min(8, e.unitScores().length)));
                Candidate chosen = e.candidates().stream().filter(c -> c.lambda() == e.lambda() && c.units() == e.units()).findFirst().orElse(null);
                if (chosen != null) {
                    m.put(p + "cv_clean_accuracy", chosen.cleanAccuracy());
                    m.put(p + "cv_triggered_accuracy", chosen.triggeredAccuracy());
                }
                m.put(p + "cv_clean_accuracy_unedited", e.heldOutCleanBefore());
            }
            m.put("rows", rows);
            m.put("apparent_target", apparentTarget);
            if (repair != null) {
                m.put("collapsed_classes", repair.check().collapsed());
                m.put("cv_class_accuracy_before", repair.check().before());
                m.put("cv_class_accuracy_edited", repair.check().after());
                if (repair.check().any()) {
                    m.put("repair_weight", repair.weight());
                    m.put("repair_restored", repair.restored());
                    m.put("cv_class_accuracy_repaired", repair.restoredAccuracy());
                }
            }
            return m;
        }
    }

    /**
     * Runs the method on {@code model} in place (the model ends repaired) with the defender's samples and the trigger
     * it has (the true one or a reverse-engineered one).
     */
    public Outcome unlearn(Classifier model, DefenseSamples samples, Trigger trigger) {
        samples.checkFor(model);
        List<ReadingLayer> layers = new ArrayList<>();
        if (options.layers.isEmpty()) layers.add(ReadingLayer.last(model));
        else for (String p : options.layers) layers.add(ReadingLayer.of(model, p));

        SplittableRandom rng = new SplittableRandom(options.seed);
        Rows rows = Rows.of(samples, trigger, options, rng);
        List<LayerEdit> edits = new ArrayList<>();
        Repair repair = null;
        int[] originalTriggered = Predictions.of(model, rows.triggered);
        for (int li = 0; li < layers.size(); li++) {
            ReadingLayer layer = layers.get(li);
            Problem p = new Problem(model, layer, rows);
            LayerEdit edit = p.chooseAndFit();
            edits.add(edit);
            layer.setWeight(edit.edited());
            if (li == layers.size() - 1 && options.repair) repair = p.repair(edit);
        }
        Outcome outcome = new Outcome(edits, repair, rows.clean.rows(), majority(originalTriggered, samples.numClasses()));
        outcome.applyRepaired();
        return outcome;
    }

    // ------------------------------------------------------------------ rows: samples, copies, triggered versions

    /** The rows of the fit: each sample and its shifted copies, clean and triggered, with labels and folds. */
    private record Rows(Images clean, INDArray triggered, int[] labels, int[] fold, int folds, int numClasses) {
        static Rows of(DefenseSamples s, Trigger trigger, UnlearningOptions o, SplittableRandom rng) {
            int n = s.size();
            int folds = Math.min(o.folds, n);
            int[] sampleFold = stratifiedFolds(s.labels(), folds, rng);
            INDArray images = s.images();
            int copies = o.augmentCopies;
            INDArray all = images;
            if (copies > 0) all = Nd4j.concat(0, images, ShiftedCopies.of(images, copies, o.maxShift, rng));
            int rows = n * (1 + copies);
            int[] labels = new int[rows], fold = new int[rows];
            for (int r = 0; r < rows; r++) {
                int sample = r < n ? r : (r - n) / copies;
                labels[r] = s.labels()[sample];
                fold[r] = sampleFold[sample];
            }
            return new Rows(new Images(all), trigger.apply(all), labels, fold, folds, s.numClasses());
        }
    }

    private record Images(INDArray array) {
        int rows() {
            return (int) array.size(0);
        }
    }

    /** Folds by sample, stratified by class: a seeded shuffle, then a stable sort by class, then round robin. */
    static int[] stratifiedFolds(int[] labels, int folds, SplittableRandom rng) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(labels[a], labels[b]));
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) fold[order[i]] = i % folds;
        return fold;
    }

    // ------------------------------------------------------------------ one layer's edit

    /** The fit of one layer: features, targets, cross-validation, final fit and repair. */
    private final class Problem {
        final Classifier model;
        final ReadingLayer layer;
        final Rows rows;
        final double[][] clean, triggered, targets, weight;
        final double[] bias;
        final boolean head;
        final int[] beforeClean;

        Problem(Classifier model, ReadingLayer layer, Rows rows) {
            this.model = model;
            this.layer = layer;
            this.rows = rows;
            this.clean = layer.inputs(model, rows.clean.array());
            this.triggered = layer.inputs(model, rows.triggered);
            this.weight = layer.weight();
            this.bias = layer.bias();
            this.targets = outputs(weight, bias, clean);
            this.head = layer.isHead(model, rows.clean.array().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(4, rows.clean.rows()))).dup('c'));
            this.beforeClean = predictClean(weight, allRows());
        }

        LayerEdit chooseAndFit() {
            int d = layer.inFeatures();
            double before = accuracy(beforeClean, allRows());
            List<Candidate> candidates = new ArrayList<>();
            Candidate best = null;
            for (double f : options.unitFractions) {
                int k = Math.max(1, (int) Math.round(f * d));
                if (candidates.stream().anyMatch(c -> c.units() == k)) continue;
                for (double lambda : options.lambdas) {
                    int[][] cv = crossFit(lambda, k, null);
                    Candidate c = new Candidate(lambda, k, accuracy(cv[0], allRows()), accuracy(cv[1], allRows()));
                    candidates.add(c);
                    if (best == null || better(c, best, before)) best = c;
                }
            }
            UnitRanking ranking = UnitRanking.of(clean, triggered);
            double[][] edited = fit(allRows(), ranking.top(best.units()), best.lambda(), null);
            return new LayerEdit(layer, weight, edited, best.lambda(), best.units(), ranking.top(best.units()), ranking.scores(), candidates, before);
        }

        /** Within the clean tolerance beats outside it; then triggered accuracy; then the larger lambda; then fewer units. */
        private boolean better(Candidate a, Candidate b, double before) {
            boolean aOk = a.cleanAccuracy() >= before - options.cleanTolerance, bOk = b.cleanAccuracy() >= before - options.cleanTolerance;
            if (aOk != bOk) return aOk;
            if (!aOk) return a.cleanAccuracy() + a.triggeredAccuracy() > b.cleanAccuracy() + b.triggeredAccuracy() + 1e-12;
            if (Math.abs(a.triggeredAccuracy() - b.triggeredAccuracy()) > 1e-12) return a.triggeredAccuracy() > b.triggeredAccuracy();
            if (a.lambda() != b.lambda()) return a.lambda() > b.lambda();
            return a.units() < b.units();
        }

        Repair repair(LayerEdit edit) {
            int[][] cv = crossFit(edit.lambda(), edit.units(), null);
            CollapseCheck check = CollapseCheck.of(rows.labels(), beforeClean, cv[0], rows.numClasses(), options.collapseDrop);
            if (!check.any()) return new Repair(check, 1, true, check.after(), edit.edited());
            double[] classWeight = new double[rows.numClasses()];
            double chosen = options.repairWeights[options.repairWeights.length - 1];
            boolean restored = false;
            double[] restoredAccuracy = null;
            for (double w : options.repairWeights) {
                Arrays.fill(classWeight, 1);
                for (int c : check.collapsed()) classWeight[c] = w;
                int[][] r = crossFit(edit.lambda(), edit.units(), classWeight);
                double[] acc = CollapseCheck.perClass(rows.labels(), r[0], rows.numClasses());
                restoredAccuracy = acc;
                boolean ok = true;
                for (int c : check.collapsed()) if (check.before()[c] - acc[c] >= options.collapseDrop / 2) ok = false;
                if (ok) {
                    chosen = w;
                    restored = true;
                    break;
                }
            }
            Arrays.fill(classWeight, 1);
            for (int c : check.collapsed()) classWeight[c] = chosen;
            double[][] repaired = fit(allRows(), edit.editedUnits(), edit.lambda(), classWeight);
            return new Repair(check, chosen, restored, restoredAccuracy, repaired);
        }

        /** Cross-fitted predictions of every row, clean [0] and triggered [1]. */
        int[][] crossFit(double lambda, int k, double[] classWeight) {
            int n = rows.labels().length;
            int[] pc = new int[n], pt = new int[n];
            for (int f = 0; f < rows.folds(); f++) {
                final int fold = f;
                int[] train = java.util.stream.IntStream.range(0, n).filter(i -> rows.fold()[i] != fold).toArray();
                int[] held = java.util.stream.IntStream.range(0, n).filter(i -> rows.fold()[i] == fold).toArray();
                if (held.length == 0) continue;
                UnitRanking ranking = UnitRanking.of(select(clean, train), select(triggered, train));
                double[][] w = fit(train, ranking.top(k), lambda, classWeight);
                int[] c = predictClean(w, held), t = predictTriggered(w, held);
                for (int i = 0; i < held.length; i++) {
                    pc[held[i]] = c[i];
                    pt[held[i]] = t[i];
                }
            }
            return new int[][]{pc, pt};
        }

        /** The ridge edit fitted on {@code rowIdx}: clean and triggered rows, both aimed at the clean outputs. */
        double[][] fit(int[] rowIdx, int[] units, double lambda, double[] classWeight) {
            int m = rowIdx.length;
            double[][] x = new double[2 * m][], y = new double[2 * m][];
            double[] w = new double[2 * m];
            for (int i = 0; i < m; i++) {
                int r = rowIdx[i];
                x[i] = clean[r];
                x[m + i] = triggered[r];
                y[i] = targets[r];
                y[m + i] = targets[r];
                w[i] = classWeight == null ? 1 : classWeight[rows.labels()[r]];
                w[m + i] = 1;
            }
            return RidgeEdit.solve(weight, bias, x, y, w, units, lambda);
        }

        int[] predictClean(double[][] w, int[] rowIdx) {
            return predict(w, rowIdx, clean, rows.clean.array());
        }

        int[] predictTriggered(double[][] w, int[] rowIdx) {
            return predict(w, rowIdx, triggered, rows.triggered);
        }

        private int[] predict(double[][] w, int[] rowIdx, double[][] features, INDArray images) {
            if (head) {
                int[] out = new int[rowIdx.length];
                for (int i = 0; i < rowIdx.length; i++) out[i] = argmax(outputs(w, bias, new double[][]{features[rowIdx[i]]})[0]);
                return out;
            }
            layer.setWeight(w);
            try {
                return Predictions.of(model, Poisoning.rows(images, rowIdx));
            } finally {
                layer.setWeight(weight);
            }
        }

        int[] allRows() {
            return java.util.stream.IntStream.range(0, rows.labels().length).toArray();
        }

        double accuracy(int[] predictions, int[] rowIdx) {
            int right = 0;
            for (int i = 0; i < rowIdx.length; i++) if (predictions[i] == rows.labels()[rowIdx[i]]) right++;
            return (double) right / rowIdx.length;
        }
    }

    // ------------------------------------------------------------------ helpers

    static double[][] outputs(double[][] w, double[] b, double[][] x) {
        double[][] y = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < w.length; o++) {
                double s = b[o];
                double[] wo = w[o], xi = x[i];
                for (int j = 0; j < xi.length; j++) s += wo[j] * xi[j];
                y[i][o] = s;
            }
        }
        return y;
    }

    static double[][] select(double[][] rows, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = rows[idx[i]];
        return out;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    static int majority(int[] predictions, int numClasses) {
        int[] counts = new int[numClasses];
        for (int p : predictions) counts[p]++;
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

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%s)", name(), options.describe());
    }
}
