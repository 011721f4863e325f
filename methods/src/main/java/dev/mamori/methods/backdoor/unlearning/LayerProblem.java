package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.Predictions;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.models.Classifier;
import org.ejml.data.DMatrixRMaj;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The edit of one layer on the rows: the captured activations (clean a_i and triggered t_i), the clean outputs
 * y_i = W a_i + b every row aims at, the cross-validated choice of lambda and k, the final fit, and cross-fitted
 * probabilities for the collapse check.
 */
final class LayerProblem {
    private final Classifier model;
    private final ReadingLayer layer;
    private final EditRows rows;
    private final double[][] clean, triggered, targets, weight;
    /** r_i = y_i - (W t_i + b): the trigger's effect at the layer's output, what the edit must cancel. */
    private final double[][] triggerEffect;
    private final double[] bias;
    private final boolean head;
    /** The model's probabilities on the rows before this layer's edit. */
    final double[][] cleanProbabilities, triggeredProbabilities;

    LayerProblem(Classifier model, ReadingLayer layer, EditRows rows) {
        this.model = model;
        this.layer = layer;
        this.rows = rows;
        ReadingLayer.Capture c = layer.capture(model, rows.clean()), t = layer.capture(model, rows.triggered());
        this.clean = c.features();
        this.triggered = t.features();
        this.cleanProbabilities = c.probabilities();
        this.triggeredProbabilities = t.probabilities();
        this.weight = layer.weight();
        this.bias = layer.bias();
        this.targets = outputs(weight, bias, clean);
        double[][] triggeredOut = outputs(weight, bias, triggered);
        this.triggerEffect = new double[triggered.length][];
        for (int i = 0; i < triggered.length; i++) {
            triggerEffect[i] = new double[targets[i].length];
            for (int o = 0; o < targets[i].length; o++) triggerEffect[i][o] = targets[i][o] - triggeredOut[i][o];
        }
        this.head = layer.isHead(model, rows.clean().get(NDArrayIndex.interval(0, Math.min(4, rows.rows()))).dup('c'));
    }

    ActivationGuidedUnlearning.LayerEdit chooseAndFit(UnlearningOptions options) {
        int d = layer.inFeatures();
        List<Integer> ks = new ArrayList<>();
        for (double f : options.unitFractions) {
            int k = Math.max(1, (int) Math.round(f * d));
            if (!ks.contains(k)) ks.add(k);
        }
        double[][] triggeredError = new double[ks.size()][options.lambdas.length];
        double[][] cleanError = new double[ks.size()][options.lambdas.length];
        double effect = 0;
        for (int i = 0; i < rows.rows(); i++) effect += squaredNorm(triggerEffect[i], null);
        if (globalRanking == null) globalRanking = UnitRanking.of(clean, triggered);
        UnitRanking global = globalRanking;
        for (int ki = 0; ki < ks.size(); ki++) {
            int k = ks.get(ki);
            // Wide edits (more units than training rows) use the dual form on one kernel over all rows, so their units
            // are ranked once on all samples; narrow ones re-rank units on every training part.
            boolean dual = k > 2 * maxTrainRows();
            SharedKernel kernel = dual ? kernel(k) : null;
            for (int f = 0; f < rows.folds(); f++) {
                int[] train = rows.rowsOf(f, false), held = rows.rowsOf(f, true);
                if (held.length == 0 || train.length == 0) continue;
                if (dual) {
                    for (int li = 0; li < options.lambdas.length; li++) {
                        double[][][] change = kernel.heldOutChange(train, held, null, options.lambdas[li]);
                        for (int h = 0; h < held.length; h++) {
                            cleanError[ki][li] += squaredNorm(change[0][h], null);
                            triggeredError[ki][li] += squaredNorm(change[1][h], triggerEffect[held[h]]);
                        }
                    }
                } else {
                    int[] units = UnitRanking.of(select(clean, train), select(triggered, train)).top(k);
                    RidgeEdit ridge = ridge(train, units, null);
                    for (int li = 0; li < options.lambdas.length; li++) {
                        double[][] delta = ridge.delta(options.lambdas[li]);
                        for (int i : held) {
                            // the edited output minus the target: Delta^T a_S for a clean row, Delta^T t_S - r for a triggered one
                            cleanError[ki][li] += squaredNorm(change(delta, units, clean[i]), null);
                            triggeredError[ki][li] += squaredNorm(change(delta, units, triggered[i]), triggerEffect[i]);
                        }
                    }
                }
            }
        }
        double norm = Math.max(effect, 1e-12);
        List<ActivationGuidedUnlearning.Candidate> candidates = new ArrayList<>();
        ActivationGuidedUnlearning.Candidate best = null;
        for (int ki = 0; ki < ks.size(); ki++) {
            for (int li = 0; li < options.lambdas.length; li++) {
                var c = new ActivationGuidedUnlearning.Candidate(options.lambdas[li], ks.get(ki), triggeredError[ki][li] / norm, cleanError[ki][li] / norm);
                candidates.add(c);
                if (best == null || better(c, best)) best = c;
            }
        }
        int[] units = global.top(best.units());
        double[][] edited = best.units() > 2 * maxTrainRows() ? kernel(best.units()).edited(allRows(), null, best.lambda())
                : fit(allRows(), units, best.lambda(), null);
        return new ActivationGuidedUnlearning.LayerEdit(layer, weight, edited, best.lambda(), best.units(), units, global.scores(), candidates);
    }

    private int maxTrainRows() {
        int max = 0;
        for (int f = 0; f < rows.folds(); f++) max = Math.max(max, rows.rowsOf(f, false).length);
        return max;
    }

    /**
     * The dual form on a fixed unit set S for many training parts and lambdas: the kernel K = Z Z^T over all 2R rows
     * (clean rows first, then triggered; Z the activations restricted to S) is computed once with BLAS. A training
     * part's solution alpha = Omega^1/2 (Omega^1/2 K_tt Omega^1/2 + lambda_eff I)^-1 Omega^1/2 R_t gives the held-out
     * change K_ht alpha without forming Delta, and Delta = Z_t^T alpha when the weight itself is needed.
     */
    private final class SharedKernel {
        private final int[] units;
        private final double[][] z;
        private final double[][] k;

        SharedKernel(int[] units) {
            this.units = units;
            int r = rows.rows();
            z = new double[2 * r][units.length];
            for (int i = 0; i < r; i++) {
                for (int a = 0; a < units.length; a++) {
                    z[i][a] = clean[i][units[a]];
                    z[r + i][a] = triggered[i][units[a]];
                }
            }
            INDArray zm = Nd4j.create(z);
            this.k = zm.mmul(zm.transpose()).toDoubleMatrix();
        }

        /** The kernel rows (clean then triggered) of a training part, their weights, and alpha. */
        private record Solution(int[] idx, double[][] alpha) {}

        Solution solve(int[] train, double[] classWeight, double lambda) {
            int r = rows.rows(), m = train.length, out = weight.length;
            int[] idx = new int[2 * m];
            double[] w = new double[2 * m];
            for (int i = 0; i < m; i++) {
                idx[i] = train[i];
                idx[m + i] = r + train[i];
                w[i] = classWeight == null ? 1 : classWeight[rows.labels()[train[i]]];
                w[m + i] = 1;
            }
            DMatrixRMaj a = new DMatrixRMaj(2 * m, 2 * m), b = new DMatrixRMaj(2 * m, out);
            double trace = 0;
            for (int i = 0; i < 2 * m; i++) {
                double si = Math.sqrt(w[i]);
                double[] ki = k[idx[i]];
                for (int j = 0; j < 2 * m; j++) a.unsafe_set(i, j, si * Math.sqrt(w[j]) * ki[idx[j]]);
                trace += w[i] * ki[idx[i]];
                if (i >= m) for (int o = 0; o < out; o++) b.unsafe_set(i, o, si * triggerEffect[train[i - m]][o]);
            }
            double lambdaEff = lambda * Math.max(trace / units.length, 1e-12);
            for (int i = 0; i < 2 * m; i++) a.add(i, i, lambdaEff);
            DMatrixRMaj beta = RidgeEdit.solveSpd(a, b);
            double[][] alpha = new double[2 * m][out];
            for (int i = 0; i < 2 * m; i++) {
                double si = Math.sqrt(w[i]);
                for (int o = 0; o < out; o++) alpha[i][o] = si * beta.unsafe_get(i, o);
            }
            return new Solution(idx, alpha);
        }

        /** [0] per held row the change on its clean activation, [1] on its triggered one. */
        double[][][] heldOutChange(int[] train, int[] held, double[] classWeight, double lambda) {
            Solution sol = solve(train, classWeight, lambda);
            int r = rows.rows(), out = weight.length;
            double[][][] change = new double[2][held.length][out];
            for (int h = 0; h < held.length; h++) {
                for (int side = 0; side < 2; side++) {
                    double[] krow = k[side * r + held[h]];
                    double[] c = change[side][h];
                    for (int i = 0; i < sol.idx().length; i++) {
                        double kv = krow[sol.idx()[i]];
                        if (kv == 0) continue;
                        double[] ai = sol.alpha()[i];
                        for (int o = 0; o < out; o++) c[o] += kv * ai[o];
                    }
                }
            }
            return change;
        }

        /** The edited weight W + Delta with Delta = Z_t^T alpha. */
        double[][] edited(int[] train, double[] classWeight, double lambda) {
            Solution sol = solve(train, classWeight, lambda);
            int out = weight.length;
            double[][] delta = new double[units.length][out];
            for (int i = 0; i < sol.idx().length; i++) {
                double[] zi = z[sol.idx()[i]], ai = sol.alpha()[i];
                for (int a = 0; a < units.length; a++) {
                    double v = zi[a];
                    if (v == 0) continue;
                    double[] da = delta[a];
                    for (int o = 0; o < out; o++) da[o] += v * ai[o];
                }
            }
            return RidgeEdit.apply(weight, units, delta);
        }
    }

    private final java.util.Map<Integer, SharedKernel> kernels = new java.util.HashMap<>();
    private UnitRanking globalRanking;

    private SharedKernel kernel(int k) {
        if (globalRanking == null) globalRanking = UnitRanking.of(clean, triggered);
        return kernels.computeIfAbsent(k, kk -> new SharedKernel(globalRanking.top(kk)));
    }

    /** Smaller held-out error; within 1e-9 relative, the larger lambda, then fewer units. */
    private static boolean better(ActivationGuidedUnlearning.Candidate a, ActivationGuidedUnlearning.Candidate b) {
        double tol = 1e-9 * Math.max(1, Math.abs(b.error()));
        if (Math.abs(a.error() - b.error()) > tol) return a.error() < b.error();
        if (a.lambda() != b.lambda()) return a.lambda() > b.lambda();
        return a.units() < b.units();
    }

    /**
     * Probabilities of every row with the chosen edit fitted on the other folds: [0] clean rows, [1] triggered rows.
     * {@code classWeight} weights the clean rows by class (the repair); null for 1.
     */
    double[][][] crossFittedProbabilities(ActivationGuidedUnlearning.LayerEdit edit, double[] classWeight) {
        int n = rows.rows();
        double[][] pc = new double[n][], pt = new double[n][];
        for (int f = 0; f < rows.folds(); f++) {
            int[] train = rows.rowsOf(f, false), held = rows.rowsOf(f, true);
            if (held.length == 0) continue;
            double[][] w = edit.units() > 2 * maxTrainRows() ? kernel(edit.units()).edited(train, classWeight, edit.lambda())
                    : fit(train, UnitRanking.of(select(clean, train), select(triggered, train)).top(edit.units()), edit.lambda(), classWeight);
            double[][] c = probabilities(w, held, clean, rows.clean()), t = probabilities(w, held, triggered, rows.triggered());
            for (int i = 0; i < held.length; i++) {
                pc[held[i]] = c[i];
                pt[held[i]] = t[i];
            }
        }
        return new double[][][]{pc, pt};
    }

    /** The chosen edit fitted again on all rows with clean rows weighted by class (the repair). */
    double[][] refit(ActivationGuidedUnlearning.LayerEdit edit, double[] classWeight) {
        return edit.units() > 2 * maxTrainRows() ? kernel(edit.units()).edited(allRows(), classWeight, edit.lambda())
                : fit(allRows(), edit.editedUnits(), edit.lambda(), classWeight);
    }

    /** The edited weight fitted on {@code rowIdx}: clean and triggered rows, both aimed at the clean outputs. */
    double[][] fit(int[] rowIdx, int[] units, double lambda, double[] classWeight) {
        return RidgeEdit.apply(weight, units, ridge(rowIdx, units, classWeight).delta(lambda));
    }

    private RidgeEdit ridge(int[] rowIdx, int[] units, double[] classWeight) {
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
        return new RidgeEdit(weight, bias, x, y, w, units);
    }

    /** Probabilities of rows under weight {@code w}: from the features when the layer is the head, else by running the model. */
    private double[][] probabilities(double[][] w, int[] rowIdx, double[][] features, org.nd4j.linalg.api.ndarray.INDArray images) {
        if (head) {
            double[][] out = new double[rowIdx.length][];
            for (int i = 0; i < rowIdx.length; i++) out[i] = softmax(outputs(w, bias, new double[][]{features[rowIdx[i]]})[0]);
            return out;
        }
        layer.setWeight(w);
        try {
            return Predictions.probabilities(model, Poisoning.rows(images, rowIdx));
        } finally {
            layer.setWeight(weight);
        }
    }

    int[] allRows() {
        return IntStream.range(0, rows.rows()).toArray();
    }

    // ------------------------------------------------------------------ small linear algebra on rows

    static double[][] outputs(double[][] w, double[] b, double[][] x) {
        double[][] y = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            double[] xi = x[i];
            for (int o = 0; o < w.length; o++) {
                double s = b[o];
                double[] wo = w[o];
                for (int j = 0; j < xi.length; j++) s += wo[j] * xi[j];
                y[i][o] = s;
            }
        }
        return y;
    }

    /** Delta^T x_S: the edit's change of the layer's output for activation x. */
    static double[] change(double[][] delta, int[] units, double[] x) {
        double[] out = new double[delta[0].length];
        for (int a = 0; a < units.length; a++) {
            double v = x[units[a]];
            if (v == 0) continue;
            double[] row = delta[a];
            for (int o = 0; o < out.length; o++) out[o] += row[o] * v;
        }
        return out;
    }

    /** || v - minus ||^2 (minus may be null). */
    static double squaredNorm(double[] v, double[] minus) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double d = minus == null ? v[i] : v[i] - minus[i];
            s += d * d;
        }
        return s;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) sum += p[i] = Math.exp(z[i] - max);
        for (int i = 0; i < z.length; i++) p[i] /= sum;
        return p;
    }

    static double[][] select(double[][] rows, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = rows[idx[i]];
        return out;
    }
}
