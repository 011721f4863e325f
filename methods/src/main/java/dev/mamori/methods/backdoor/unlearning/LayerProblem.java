package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.methods.common.Predictions;
import dev.mamori.models.Classifier;
import dev.mamori.nn.ActivationCapture;
import org.ejml.data.DMatrixRMaj;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The edit of one layer on the rows: the captured activation rows (clean a_f and triggered t_f; one per image, or one
 * per image and output position for a convolution), the clean outputs y_f = W a_f + b every row aims at, the
 * cross-validated choice of lambda and k, the final fit, and cross-fitted probabilities for the collapse check.
 *
 * <p>Two exact ways to the same ridge solution (see {@link RidgeEdit}), chosen by shape: the primal form works on the
 * Gram matrix Z^T Omega Z of all columns, computed once with BLAS, a fold's training part being the whole minus its
 * held rows and a unit set a sub-matrix, with held-out errors from the held rows' Gram matrices (no per-row loop); the
 * dual form, for edits with more columns than training rows, works on one kernel Z Z^T over all rows. Units are
 * re-ranked on every training part in the primal form; in the dual form they are ranked once on all samples.
 */
final class LayerProblem {
    private final Classifier model;
    private final ReadingLayer layer;
    private final EditRows rows;
    private final int perImage;
    private final double[][] clean, triggered, targets, weight;
    private final double[] bias;
    /** r_f = y_f - (W t_f + b): the trigger's effect at the layer's output, what the edit must cancel. */
    private final double[][] triggerEffect;
    /** Whether the layer's output is the model's output (then cross-fitted predictions need no pass); asked when needed. */
    private Boolean head;
    /** The model's probabilities on the images before this layer's edit (rows of {@link EditRows}: clean, then triggered). */
    double[][] cleanProbabilities, triggeredProbabilities;
    private final Map<Integer, SharedKernel> kernels = new HashMap<>();
    private final Map<String, Grams> grams = new HashMap<>();
    private UnitRanking globalRanking;
    /** The dual form's held-out changes of the search per fold, k and lambda (unweighted), reused by the cross-fitting. */
    private final Map<String, double[][][]> searchChanges = new HashMap<>();

    /** Captures the rows in one pass over the distinct clean images and every triggered one. */
    LayerProblem(Classifier model, ReadingLayer layer, EditRows rows) {
        this(model, layer, rows, layer.capture(model, images(rows)));
    }

    private LayerProblem(Classifier model, ReadingLayer layer, EditRows rows, ReadingLayer.Capture c) {
        this(model, layer, rows, c.features(), c.rowsPerImage());
        setProbabilities(c.probabilities());
    }

    /**
     * From the captured activation rows of the distinct clean images and every triggered one; clean rows repeat per
     * trigger by reference. The probabilities before the edit come with {@link #setProbabilities}.
     */
    private LayerProblem(Classifier model, ReadingLayer layer, EditRows rows, double[][] features, int perImage) {
        this.model = model;
        this.layer = layer;
        this.rows = rows;
        this.perImage = perImage;
        int cleanFeatures = rows.base() * perImage;
        this.clean = new double[rows.rows() * perImage][];
        this.triggered = Arrays.copyOfRange(features, cleanFeatures, features.length);
        for (int i = 0; i < clean.length; i++) clean[i] = features[i % cleanFeatures];
        this.weight = layer.weight();
        this.bias = layer.bias();
        this.targets = outputs(weight, bias, clean);
        double[][] triggeredOut = outputs(weight, bias, triggered);
        this.triggerEffect = new double[triggered.length][];
        for (int i = 0; i < triggered.length; i++) {
            triggerEffect[i] = new double[targets[i].length];
            for (int o = 0; o < targets[i].length; o++) triggerEffect[i][o] = targets[i][o] - triggeredOut[i][o];
        }
    }

    /** The model's probabilities [base + rows][K] on the distinct clean images and every triggered one, as captured. */
    private void setProbabilities(double[][] probabilities) {
        int base = rows.base(), all = rows.rows();
        this.cleanProbabilities = new double[all][];
        for (int r = 0; r < all; r++) cleanProbabilities[r] = probabilities[r % base];
        this.triggeredProbabilities = Arrays.copyOfRange(probabilities, base, base + all);
    }

    private static INDArray images(EditRows rows) {
        return Nd4j.concat(0, rows.clean(), rows.triggered());
    }

    /**
     * A layer's problem solved: its rows and the probabilities before the edit, the chosen edit, and (when asked for)
     * the cross-fitted probabilities [clean, triggered] of {@link #crossFittedProbabilities}; null otherwise.
     */
    record Solved(LayerProblem problem, ActivationGuidedUnlearning.LayerEdit edit, double[][][] crossFitted) {}

    /**
     * Captures, chooses and fits the edit of {@code layer} and, with {@code crossFit}, its cross-fitted probabilities.
     * For a layer that reads one row per image this is one pass of the network: the edit is chosen inside the pass, at
     * the layer, from the rows it has just read, and the cross-fitted outputs go on through the layers above beside
     * the real ones, so the layers below (the convolutions, nearly all the network's work) run once instead of twice.
     * Otherwise a capture pass, then the cross-fitting's own passes.
     */
    static Solved solve(Classifier model, ReadingLayer layer, EditRows rows, UnlearningOptions options, StageClock clock, boolean crossFit) {
        if (!crossFit || !layer.oneRowPerImage()) {
            LayerProblem p = new LayerProblem(model, layer, rows);
            clock.lap("capture");
            ActivationGuidedUnlearning.LayerEdit edit = p.chooseAndFit(options, clock);
            double[][][] cv = crossFit ? p.crossFittedProbabilities(edit, null) : null;
            if (crossFit) clock.lap("held_out");
            return new Solved(p, edit, cv);
        }
        LayerProblem[] p = new LayerProblem[1];
        ActivationGuidedUnlearning.LayerEdit[] edit = new ActivationGuidedUnlearning.LayerEdit[1];
        ReadingLayer.ContinuedCapture c = layer.captureContinuing(model, images(rows), features -> {
            clock.lap("capture");
            p[0] = new LayerProblem(model, layer, rows, features, 1);
            edit[0] = p[0].chooseAndFit(options, clock);
            double[][] outs = p[0].crossFittedOutputs(edit[0], null);
            clock.lap("held_out");
            return outs;
        });
        p[0].setProbabilities(c.capture().probabilities());
        int n = rows.base();
        double[][] extra = c.extraProbabilities();
        double[][][] cv = {Arrays.copyOfRange(extra, 0, n), Arrays.copyOfRange(extra, n, 2 * n)};
        clock.lap("capture");
        return new Solved(p[0], edit[0], cv);
    }

    // ------------------------------------------------------------------ choice and fit

    ActivationGuidedUnlearning.LayerEdit chooseAndFit(UnlearningOptions options, StageClock clock) {
        List<Integer> ks = new ArrayList<>();
        for (double f : options.unitFractions) {
            int k = Math.max(1, (int) Math.round(f * layer.units()));
            if (!ks.contains(k)) ks.add(k);
        }
        int nl = options.lambdas.length;
        double[][] triggeredError = new double[ks.size()][nl], cleanError = new double[ks.size()][nl];
        double effect = 0;
        for (double[] r : triggerEffect) effect += squaredNorm(r, null);
        UnitRanking global = globalRanking();
        FoldGrams[] foldGrams = new FoldGrams[rows.folds()];
        UnitRanking[] foldRankings = new UnitRanking[rows.folds()];
        for (int ki = 0; ki < ks.size(); ki++) {
            int k = ks.get(ki);
            boolean dual = isDual(k);
            for (int f = 0; f < rows.folds(); f++) {
                int[] train = featureRows(rows.rowsOf(f, false)), held = featureRows(rows.rowsOf(f, true));
                if (held.length == 0 || train.length == 0) continue;
                if (dual) {
                    SharedKernel kernel = kernel(k);
                    for (int li = 0; li < nl; li++) {
                        double[][][] change = kernel.heldOutChange(train, held, null, options.lambdas[li]);
                        searchChanges.put(changeKey(f, k, options.lambdas[li]), change);
                        for (int h = 0; h < held.length; h++) {
                            cleanError[ki][li] += squaredNorm(change[0][h], null);
                            triggeredError[ki][li] += squaredNorm(change[1][h], triggerEffect[held[h]]);
                        }
                    }
                } else {
                    if (foldGrams[f] == null) foldGrams[f] = grams(null).fold(f, held);
                    FoldGrams fg = foldGrams[f];
                    if (foldRankings[f] == null) foldRankings[f] = UnitRanking.of(select(clean, train), select(triggered, train)).grouped(layer);
                    int[] cols = foldRankings[f].topColumns(k, layer);
                    for (int li = 0; li < nl; li++) {
                        INDArray delta = fg.solveTrain(cols, options.lambdas[li]);
                        double[] e = fg.heldErrors(cols, delta);
                        cleanError[ki][li] += e[0];
                        triggeredError[ki][li] += e[1];
                    }
                }
            }
        }
        double norm = Math.max(effect, 1e-12);
        List<ActivationGuidedUnlearning.Candidate> candidates = new ArrayList<>();
        ActivationGuidedUnlearning.Candidate best = null;
        for (int ki = 0; ki < ks.size(); ki++) {
            for (int li = 0; li < nl; li++) {
                var c = new ActivationGuidedUnlearning.Candidate(options.lambdas[li], ks.get(ki), triggeredError[ki][li] / norm, cleanError[ki][li] / norm);
                candidates.add(c);
                if (best == null || better(c, best)) best = c;
            }
        }
        clock.lap("search");
        int[] units = global.top(best.units());
        double[][] edited = editedWeight(allFeatureRows(), null, best.units(), best.lambda(), global);
        clock.lap("fit");
        return new ActivationGuidedUnlearning.LayerEdit(layer, weight, edited, best.lambda(), best.units(), units, global.scores(), candidates);
    }

    /** Smaller held-out error; within 1e-9 relative, the larger lambda, then fewer units. */
    private static boolean better(ActivationGuidedUnlearning.Candidate a, ActivationGuidedUnlearning.Candidate b) {
        double tol = 1e-9 * Math.max(1, Math.abs(b.error()));
        if (Math.abs(a.error() - b.error()) > tol) return a.error() < b.error();
        if (a.lambda() != b.lambda()) return a.lambda() > b.lambda();
        return a.units() < b.units();
    }

    /** The chosen edit fitted again on all rows with clean rows weighted by class (the repair). */
    double[][] refit(ActivationGuidedUnlearning.LayerEdit edit, double[] classWeight) {
        return editedWeight(allFeatureRows(), classWeight, edit.units(), edit.lambda(), globalRanking());
    }

    /**
     * Probabilities of the distinct clean images (the samples and their shifted copies, rows 0..base-1) with the chosen
     * edit fitted on the other folds: [0] clean, [1] under the (first) trigger. {@code classWeight}
     * weights the clean rows by class (the repair); null for 1. A linear layer's edited outputs
     * ({@link #crossFittedOutputs}) are put in place of its output in one pass of the network over every image (the
     * head's need no pass at all); a convolution is set to each fold's weight in turn.
     */
    double[][][] crossFittedProbabilities(ActivationGuidedUnlearning.LayerEdit edit, double[] classWeight) {
        int n = rows.base();
        double[][] pc = new double[n][], pt = new double[n][];
        if (perImage == 1) {
            double[][] outs = crossFittedOutputs(edit, classWeight);
            double[][] p;
            if (isHead()) {
                p = new double[2 * n][];
                for (int i = 0; i < 2 * n; i++) p[i] = softmax(outs[i]);
            } else {
                int[] samples = IntStream.range(0, n).toArray();
                p = withLayerOutputs(Nd4j.concat(0, Poisoning.rows(rows.clean(), samples), Poisoning.rows(rows.triggered(), samples)), outs);
            }
            System.arraycopy(p, 0, pc, 0, n);
            System.arraycopy(p, n, pt, 0, n);
            return new double[][][]{pc, pt};
        }
        for (int f = 0; f < rows.folds(); f++) {
            int[] heldImages = heldImages(f);
            if (heldImages.length == 0) continue;
            double[][] w = foldWeight(f, edit, classWeight);
            double[][] c = probabilities(w, Poisoning.rows(rows.clean(), heldImages)), t = probabilities(w, Poisoning.rows(rows.triggered(), heldImages));
            for (int i = 0; i < heldImages.length; i++) {
                pc[heldImages[i]] = c[i];
                pt[heldImages[i]] = t[i];
            }
        }
        return new double[][][]{pc, pt};
    }

    /**
     * For a layer that reads one row per image: its outputs [2 base][out] with the chosen edit fitted on the other
     * folds, computed from the captured activations: the distinct clean images, then the same images under the first
     * trigger.
     */
    double[][] crossFittedOutputs(ActivationGuidedUnlearning.LayerEdit edit, double[] classWeight) {
        if (perImage != 1) throw new IllegalStateException("cross-fitted outputs are rows of a layer that reads one row per image");
        int n = rows.base();
        double[][] y = new double[2 * n][];
        for (int f = 0; f < rows.folds(); f++) {
            int[] heldImages = heldImages(f);
            if (heldImages.length == 0) continue;
            int[] train = featureRows(rows.rowsOf(f, false));
            if (isDual(edit.units())) {
                // y = W a + b + Delta a, with Delta a = K_ha alpha from the kernel: no weight formed, and without
                // weights the search's own solution for this fold
                double[][][] change = classWeight == null ? searchChanges.get(changeKey(f, edit.units(), edit.lambda())) : null;
                if (change == null) change = kernel(edit.units()).heldOutChange(train, heldImages, classWeight, edit.lambda());
                int[] heldRows = classWeight == null ? featureRows(rows.rowsOf(f, true)) : heldImages;
                for (int h = 0; h < heldRows.length; h++) {
                    int r = heldRows[h];
                    if (r >= n) continue;                                  // a later trigger's row: the first trigger's is enough
                    y[r] = plus(targets[r], change[0][h], null);
                    y[n + r] = plus(targets[r], change[1][h], triggerEffect[r]);
                }
                continue;
            }
            double[][] w = foldWeight(f, edit, classWeight);
            double[][] oc = outputs(w, bias, select(clean, heldImages)), ot = outputs(w, bias, select(triggered, heldImages));
            for (int i = 0; i < heldImages.length; i++) {
                y[heldImages[i]] = oc[i];
                y[n + heldImages[i]] = ot[i];
            }
        }
        return y;
    }

    /** The layer's weight with the chosen edit fitted on every fold but {@code f} (clean rows weighted by class; null for 1). */
    double[][] foldWeight(int f, ActivationGuidedUnlearning.LayerEdit edit, double[] classWeight) {
        int[] train = featureRows(rows.rowsOf(f, false));
        return editedWeight(train, classWeight, edit.units(), edit.lambda(), trainingRanking(train, edit.units()));
    }

    private static String changeKey(int fold, int k, double lambda) {
        return fold + "/" + k + "/" + lambda;
    }

    /** a + b - minus (minus may be null). */
    private static double[] plus(double[] a, double[] b, double[] minus) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i] - (minus == null ? 0 : minus[i]);
        return out;
    }

    /** The units ranked on a training part (the primal form), or on all samples (the dual form ranks once). */
    private UnitRanking trainingRanking(int[] train, int k) {
        return isDual(k) ? globalRanking() : UnitRanking.of(select(clean, train), select(triggered, train)).grouped(layer);
    }

    /** The distinct clean images in fold {@code f}. */
    private int[] heldImages(int f) {
        return IntStream.range(0, rows.base()).filter(i -> rows.fold()[i] == f).toArray();
    }

    private boolean isHead() {
        if (head == null) head = layer.isHead(model, rows.clean().get(NDArrayIndex.interval(0, Math.min(4, rows.base()))).dup('c'));
        return head;
    }

    /** The model's probabilities on {@code images} with this (linear) layer's output replaced by {@code outputs} [N][out]. */
    double[][] withLayerOutputs(INDArray images, double[][] outputs) {
        int n = (int) images.size(0);
        double[][] out = new double[n][];
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                INDArray y = Nd4j.create(Arrays.copyOfRange(outputs, start, start + m));
                try (MemoryScope ignored = MemoryScope.open("backdoor-features"); GradMode.Scope off = GradMode.noGrad();
                     ActivationCapture swap = ActivationCapture.replacing(model, layer.path(), o -> Tensor.of(y.castTo(o.value().dataType())))) {
                    double[][] p = model.call(Tensor.of(batch)).softmax(1).value().castTo(DataType.DOUBLE).toDoubleMatrix();
                    System.arraycopy(p, 0, out, start, m);
                }
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return out;
    }

    /** W + Delta for the k top units of {@code ranking}, fitted on {@code train} feature rows. */
    private double[][] editedWeight(int[] train, double[] classWeight, int k, double lambda, UnitRanking ranking) {
        if (isDual(k)) return kernel(k).edited(train, classWeight, lambda);
        int[] cols = ranking.topColumns(k, layer);
        Grams g = grams(classWeight);
        INDArray delta;
        if (train.length == clean.length) {
            delta = g.solveAll(cols, lambda);
        } else {
            boolean[] in = new boolean[clean.length];
            for (int r : train) in[r] = true;
            int[] held = IntStream.range(0, clean.length).filter(r -> !in[r]).toArray();
            delta = new FoldGrams(g, held).solveTrain(cols, lambda);
        }
        return RidgeEdit.apply(weight, cols, delta.toDoubleMatrix());
    }

    /** The dual form when its system (training triggered rows and their distinct clean rows) is smaller than the primal's. */
    private boolean isDual(int k) {
        int cols = k * layer.columnsOf(0).length;
        int train = maxTrainFeatureRows(), triggers = rows.rows() / rows.base();
        return cols > train + train / triggers;
    }

    private int maxTrainFeatureRows() {
        int max = 0;
        for (int f = 0; f < rows.folds(); f++) max = Math.max(max, rows.rowsOf(f, false).length * perImage);
        return max;
    }

    private UnitRanking globalRanking() {
        if (globalRanking == null) globalRanking = UnitRanking.of(clean, triggered).grouped(layer);
        return globalRanking;
    }

    private SharedKernel kernel(int k) {
        SharedKernel have = kernels.get(k);
        if (have != null) return have;
        // the top units of one ranking are nested: the largest smaller kernel is a subset to extend
        Integer within = kernels.keySet().stream().filter(kk -> kk < k).max(Integer::compare).orElse(null);
        SharedKernel kernel = new SharedKernel(globalRanking().topColumns(k, layer), within == null ? null : kernels.get(within));
        kernels.put(k, kernel);
        return kernel;
    }

    private Grams grams(double[] classWeight) {
        return grams.computeIfAbsent(classWeight == null ? "" : Arrays.toString(classWeight), key -> new Grams(classWeight));
    }

    // ------------------------------------------------------------------ the primal form on Gram matrices

    /**
     * Omega-weighted Gram matrices of all rows, clean and triggered stacked: G = Z^T Omega Z [d][d] and
     * B = Z^T Omega R [d][out] (R is zero on clean rows), from BLAS.
     */
    private final class Grams {
        final double[] cleanWeight;
        final INDArray all, allRhs;
        private double[][] allG, allB;

        Grams(double[] classWeight) {
            int f = clean.length;
            cleanWeight = new double[f];
            for (int r = 0; r < f; r++) cleanWeight[r] = classWeight == null ? 1 : classWeight[rows.labels()[r / perImage]];
            INDArray zc = scaled(clean, all(f), cleanWeight), zt = Nd4j.create(triggered);
            all = zc.transpose().mmul(zc).addi(zt.transpose().mmul(zt));
            allRhs = zt.transpose().mmul(Nd4j.create(triggerEffect));
        }

        FoldGrams fold(int f, int[] held) {
            return new FoldGrams(this, held);
        }

        INDArray solveAll(int[] cols, double lambda) {
            if (allG == null) {
                allG = all.toDoubleMatrix();
                allB = allRhs.toDoubleMatrix();
            }
            return solve(allG, allB, cols, lambda);
        }

        /** Delta_S = (G_SS + lambda_eff I)^-1 B_S on the columns {@code cols}. */
        INDArray solve(double[][] gv, double[][] bv, int[] cols, double lambda) {
            int k = cols.length, out = weight.length;
            DMatrixRMaj a = new DMatrixRMaj(k, k), rhs = new DMatrixRMaj(k, out);
            double trace = 0;
            for (int i = 0; i < k; i++) {
                double[] gi = gv[cols[i]];
                for (int j = 0; j < k; j++) a.unsafe_set(i, j, gi[cols[j]]);
                trace += gi[cols[i]];
                for (int o = 0; o < out; o++) rhs.unsafe_set(i, o, bv[cols[i]][o]);
            }
            double lambdaEff = lambda * Math.max(trace / k, 1e-12);
            for (int i = 0; i < k; i++) a.add(i, i, lambdaEff);
            DMatrixRMaj d = RidgeEdit.solveSpd(a, rhs);
            return Nd4j.create(Arrays.copyOf(d.getData(), k * out), new long[]{k, out}, 'c');
        }
    }

    /** One training part: the held rows' Gram matrices, split by clean and triggered, and the rest as the training part. */
    private final class FoldGrams {
        final Grams base;
        final double[][] heldClean, heldTriggered, heldRhs, train, trainRhs;
        final double heldEffect;

        FoldGrams(Grams base, int[] held) {
            this.base = base;
            INDArray zc = scaled(clean, held, base.cleanWeight), zt = Nd4j.create(select(triggered, held));
            INDArray hc = zc.transpose().mmul(zc), ht = zt.transpose().mmul(zt), hr = zt.transpose().mmul(Nd4j.create(select(triggerEffect, held)));
            heldClean = hc.toDoubleMatrix();
            heldTriggered = ht.toDoubleMatrix();
            heldRhs = hr.toDoubleMatrix();
            double e = 0;
            for (int r : held) e += squaredNorm(triggerEffect[r], null);
            heldEffect = e;
            train = base.all.sub(hc).subi(ht).toDoubleMatrix();
            trainRhs = base.allRhs.sub(hr).toDoubleMatrix();
        }

        INDArray solveTrain(int[] cols, double lambda) {
            return base.solve(train, trainRhs, cols, lambda);
        }

        /**
         * Held-out squared errors of Delta (on columns {@code cols}): clean sum ||Z_c Delta||^2 = tr(Delta^T G_c Delta),
         * triggered sum ||Z_t Delta - R||^2 = tr(Delta^T G_t Delta) - 2 tr(Delta^T B_t) + ||R||^2 (clean rows weighted as
         * in the fit).
         */
        double[] heldErrors(int[] cols, INDArray delta) {
            INDArray gc = sub(heldClean, cols, cols), gt = sub(heldTriggered, cols, cols), bt = sub(heldRhs, cols, null);
            double c = delta.mul(gc.mmul(delta)).sumNumber().doubleValue();
            double t = delta.mul(gt.mmul(delta)).sumNumber().doubleValue() - 2 * delta.mul(bt).sumNumber().doubleValue() + heldEffect;
            return new double[]{c, Math.max(0, t)};
        }
    }

    /** m[rows][cols] as a float64 matrix; null cols = all. */
    private static INDArray sub(double[][] m, int[] rowIdx, int[] colIdx) {
        double[][] out = new double[rowIdx.length][];
        for (int i = 0; i < rowIdx.length; i++) {
            double[] src = m[rowIdx[i]];
            if (colIdx == null) out[i] = src;
            else {
                double[] r = new double[colIdx.length];
                for (int j = 0; j < colIdx.length; j++) r[j] = src[colIdx[j]];
                out[i] = r;
            }
        }
        return Nd4j.create(out);
    }

    private static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }

    /** The rows {@code idx} of {@code m}, each scaled by the square root of its weight, as a float64 matrix. */
    private static INDArray scaled(double[][] m, int[] idx, double[] w) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            double s = Math.sqrt(w[idx[i]]);
            out[i] = s == 1 ? m[idx[i]] : Arrays.stream(m[idx[i]]).map(v -> v * s).toArray();
        }
        return Nd4j.create(out);
    }

    // ------------------------------------------------------------------ the dual form on one kernel

    /**
     * The dual form on a fixed column set S for many training parts and lambdas: the kernel K = Z Z^T over all rows
     * (clean rows first, then triggered; Z the activations restricted to S) is computed once with BLAS. A training
     * part's solution alpha = Omega^1/2 (Omega^1/2 K_tt Omega^1/2 + lambda_eff I)^-1 Omega^1/2 R_t gives the held-out
     * change K_ht alpha without forming Delta, and Delta = Z_t^T alpha when the weight itself is needed.
     */
    private final class SharedKernel {
        private final int[] cols;
        private final double[][] k;

        /**
         * The kernel on {@code cols}; {@code within}, a kernel on a subset of them (a smaller k of the same ranking), is
         * extended by the added columns only: K_S = K_within + Z_added Z_added^T.
         */
        SharedKernel(int[] cols, SharedKernel within) {
            this.cols = cols;
            int[] added = within == null ? cols : Arrays.stream(cols).filter(c -> Arrays.binarySearch(within.cols, c) < 0).toArray();
            int r = clean.length;
            int[] allRows = IntStream.range(0, 2 * r).toArray();
            INDArray zm = Nd4j.create(restricted(allRows, added));
            double[][] kk = zm.mmul(zm.transpose()).toDoubleMatrix();
            if (within != null) {
                for (int i = 0; i < kk.length; i++) for (int j = 0; j < kk.length; j++) kk[i][j] += within.k[i][j];
            }
            this.k = kk;
        }

        /** Rows (clean rows first, then triggered) restricted to {@code columns}. */
        private double[][] restricted(int[] rowIdx, int[] columns) {
            int r = clean.length;
            double[][] z = new double[rowIdx.length][columns.length];
            for (int i = 0; i < rowIdx.length; i++) {
                double[] src = rowIdx[i] < r ? clean[rowIdx[i]] : triggered[rowIdx[i] - r];
                for (int a = 0; a < columns.length; a++) z[i][a] = src[columns[a]];
            }
            return z;
        }

        private record Solution(int[] idx, double[][] alpha) {}

        Solution solve(int[] train, double[] classWeight, double lambda) {
            int r = clean.length, t = train.length, out = weight.length;
            // with several triggers a clean row appears once per trigger: one row of the summed weight is the same
            // objective with a smaller system (the clean rows of the first trigger's block stand for all)
            int unique = rows.base() * perImage;
            double[] cleanWeight = new double[unique];
            for (int row : train) cleanWeight[row % unique] += classWeight == null ? 1 : classWeight[rows.labels()[row / perImage]];
            int c = 0;
            for (double v : cleanWeight) if (v > 0) c++;
            int m2 = c + t;
            int[] idx = new int[m2];
            double[] w = new double[m2];
            int at = 0;
            for (int u = 0; u < unique; u++) {
                if (cleanWeight[u] == 0) continue;
                idx[at] = u;
                w[at++] = cleanWeight[u];
            }
            for (int i = 0; i < t; i++) {
                idx[c + i] = r + train[i];
                w[c + i] = 1;
            }
            DMatrixRMaj a = new DMatrixRMaj(m2, m2), b = new DMatrixRMaj(m2, out);
            double trace = 0;
            double[] sw = new double[m2];
            for (int i = 0; i < m2; i++) sw[i] = Math.sqrt(w[i]);
            for (int i = 0; i < m2; i++) {
                double si = sw[i];
                double[] ki = k[idx[i]];
                for (int j = 0; j < m2; j++) a.unsafe_set(i, j, si * sw[j] * ki[idx[j]]);
                trace += w[i] * ki[idx[i]];
                if (i >= c) for (int o = 0; o < out; o++) b.unsafe_set(i, o, si * triggerEffect[train[i - c]][o]);
            }
            double lambdaEff = lambda * Math.max(trace / cols.length, 1e-12);
            for (int i = 0; i < m2; i++) a.add(i, i, lambdaEff);
            DMatrixRMaj beta = RidgeEdit.solveSpd(a, b);
            double[][] alpha = new double[m2][out];
            for (int i = 0; i < m2; i++) {
                double si = sw[i];
                for (int o = 0; o < out; o++) alpha[i][o] = si * beta.unsafe_get(i, o);
            }
            return new Solution(idx, alpha);
        }

        /** [0] per held row the change on its clean activation, [1] on its triggered one. */
        double[][][] heldOutChange(int[] train, int[] held, double[] classWeight, double lambda) {
            Solution sol = solve(train, classWeight, lambda);
            int r = clean.length, out = weight.length;
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

        /** The edited weight W + Delta with Delta = Z_t^T alpha (one BLAS product). */
        double[][] edited(int[] train, double[] classWeight, double lambda) {
            Solution sol = solve(train, classWeight, lambda);
            double[][] zt = restricted(sol.idx(), cols);
            double[][] delta = Nd4j.create(zt).transpose().mmul(Nd4j.create(sol.alpha())).toDoubleMatrix();   // [cols][out]
            return RidgeEdit.apply(weight, cols, delta);
        }
    }

    // ------------------------------------------------------------------ predictions

    /** Probabilities of {@code images} with this layer's weight set to {@code w}. */
    private double[][] probabilities(double[][] w, INDArray images) {
        layer.setWeight(w);
        try {
            return Predictions.probabilities(model, images);
        } finally {
            layer.setWeight(weight);
        }
    }

    /** The activation rows of {@code images}. */
    private int[] featureRows(int[] images) {
        int[] out = new int[images.length * perImage];
        for (int i = 0; i < images.length; i++) for (int p = 0; p < perImage; p++) out[i * perImage + p] = images[i] * perImage + p;
        return out;
    }

    private int[] allFeatureRows() {
        return all(clean.length);
    }

    // ------------------------------------------------------------------ small linear algebra on rows

    static double[][] outputs(double[][] w, double[] b, double[][] x) {
        if (x.length > 64 && w.length * (long) w[0].length > 4096) {
            INDArray y = Nd4j.create(x).mmul(Nd4j.create(w).transpose()).addiRowVector(Nd4j.createFromArray(b));
            return y.toDoubleMatrix();
        }
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

    /** || v - minus ||^2 (minus may be null). */
    static double squaredNorm(double[] v, double[] minus) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double d = minus == null ? v[i] : v[i] - minus[i];
            s += d * d;
        }
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
