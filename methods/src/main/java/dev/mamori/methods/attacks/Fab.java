package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.List;

/**
 * FAB, the fast adaptive boundary attack (Croce and Hein 2020), L-inf, as AutoAttack runs it: a minimum-norm attack
 * that linearizes the decision boundary between the label and another class at the current point, projects both the
 * current point and the original image onto that hyperplane inside the [0, 1] box ({@link FabProjection}), and steps
 * to a convex combination of the two projections that leans towards the original (weight at most
 * {@code alphaMax}), overshooting by {@code eta}. Each time the point is adversarial, the smallest adversarial
 * perturbation so far is kept and the point is pulled back towards the original by {@code beta}, so the search
 * continues to shrink it.
 *
 * <p>Three uses: untargeted FAB (the nearest linearized boundary among all classes at every step), FAB-T as in
 * AutoAttack ({@link #targetClasses}: one search per class among the k most likely wrong ones, success = any
 * misclassification), and a targeted run ({@link #runTargeted}: at every step the boundary between the target and
 * the currently strongest other class). With the
 * budget {@code eps} an example stops as soon as an adversarial example within the budget is found, and the result
 * never leaves the budget's ball (the smallest adversarial example found is projected onto it when it is larger).
 * That projection is ours: the reference counts such an example as not broken; projecting it and keeping it where it
 * still fools the model can only break more examples, so robust accuracy is at most the reference's, never above it.
 * Gradients are not averaged under {@link Eot}; use APGD with EOT against randomized defenses.
 */
public final class Fab extends Attack<Fab> {
    private final double eps;
    private int steps = 100;
    private int targetClasses = 0;
    private double alphaMax = 0.1;
    private double eta = 1.05;
    private double beta = 0.9;

    public Fab(Classifier model, double eps) {
        super(model);
        if (!(eps > 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("FAB eps must be finite and > 0, got " + eps);
        this.eps = eps;
    }

    /** FAB-T with AutoAttack's standard settings: 100 steps over each of the 9 most likely wrong classes. */
    public static Fab targetedLinf(Classifier model, double eps) {
        return new Fab(model, eps).targetClasses(9);
    }

    public Fab steps(int value) {
        if (value < 1) throw new IllegalArgumentException("FAB steps must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    /** 0: untargeted FAB; k > 0: FAB-T over the k most likely wrong classes, one after the other. */
    public Fab targetClasses(int value) {
        if (value < 0) throw new IllegalArgumentException("FAB target classes must be >= 0, got " + value);
        this.targetClasses = value;
        return this;
    }

    @Override
    public String name() {
        return (targetClasses > 0 ? "FAB-T" : "FAB") + "-Linf(eps=" + Format.number(eps) + ", steps=" + steps
                + (targetClasses > 0 ? ", targets=" + targetClasses : "") + ")";
    }

    @Override
    public Norm norm() {
        return Norm.LINF;
    }

    @Override
    public double epsilon() {
        return eps;
    }

    @Override
    protected void perturb(AttackState state) {
        int n = state.size(), d = state.features(), classes = state.numClasses();
        float[] cleanLogits = state.cleanLogitsOfAll();
        double[] best = new double[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        float[] bestAdv = state.clean().clone();
        if (state.targeted()) {
            search(state, state.activeRows(), r -> firstThenOthers(state.targets()[r], classes), best, bestAdv);
        } else if (targetClasses == 0) {
            search(state, state.activeRows(), r -> firstThenOthers(state.labels()[r], classes), best, bestAdv);
        } else {
            for (int k = 1; k <= Math.min(targetClasses, classes - 1); k++) {
                int rank = k;
                search(state, state.activeRows(), r -> new int[]{state.labels()[r], wrongClass(cleanLogits, classes, r, state.labels()[r], rank)}, best, bestAdv);
            }
        }
        float[] adv = state.adversarial();
        for (int r = 0; r < n; r++) {
            if (Double.isInfinite(best[r])) continue;
            System.arraycopy(bestAdv, r * d, adv, r * d, d);
            Norm.LINF.projectRow(adv, state.clean(), r * d, d, eps);
        }
    }

    /** [first, then every other class in order]. */
    private static int[] firstThenOthers(int first, int classes) {
        int[] cols = new int[classes];
        cols[0] = first;
        for (int c = 0, k = 1; c < classes; c++) if (c != first) cols[k++] = c;
        return cols;
    }

    /** The rank-th most likely class other than the label, by the clean logits. */
    private static int wrongClass(float[] logits, int classes, int row, int label, int rank) {
        int seen = 0;
        for (int c : AttackLosses.ranking(logits, classes, row)) {
            if (c != label && ++seen == rank) return c;
        }
        throw new IllegalStateException("no wrong class of rank " + rank);
    }

    /** One FAB search over the given rows; each row's columns are [label or target, the other classes...]. */
    private void search(AttackState state, int[] rows, java.util.function.IntFunction<int[]> columnsOf, double[] best, float[] bestAdv) {
        int d = state.features(), classes = state.numClasses();
        float[] clean = state.clean();
        float[] x = new float[rows.length * d];
        for (int q = 0; q < rows.length; q++) System.arraycopy(clean, rows[q] * d, x, q * d, d); // each search starts at the image
        int[] active = rows;
        for (int it = 0; it < steps && active.length > 0; it++) {
            int[][] cols = new int[active.length][];
            for (int q = 0; q < active.length; q++) cols[q] = columnsOf.apply(active[q]);
            // The boundary to cross, per row: the hyperplane w.z = w.x - f of the linearized f = z[to] - z[from],
            // with f < 0 on this side. Untargeted FAB takes the nearest one (L-inf distance, dual norm L1) between the
            // label (column 0) and any other class, which needs every class's gradient; FAB-T (columns [label, target
            // class]) and targeted FAB (the target against the currently strongest other class) need one difference,
            // one backward pass (the reference's get_diff_logits_grads_batch_targeted).
            double[] f = new double[active.length];
            double[] w = new double[active.length * d];
            if (!state.targeted() && targetClasses == 0) {
                nearestBoundary(state.logitGradients(active, x, cols), cols, classes, d, f, w);
            } else {
                boolean targeted = state.targeted();
                LogitDifference g = state.logitDifferenceGradients(active, x, (z, first, count, from, to) -> {
                    for (int k = 0; k < count; k++) {
                        int[] c = cols[first + k];
                        if (targeted) {
                            int strongest = 1;
                            for (int j = 2; j < c.length; j++) if (z[k * classes + c[j]] > z[k * classes + c[strongest]]) strongest = j;
                            from[first + k] = c[strongest];
                            to[first + k] = c[0];
                        } else {
                            from[first + k] = c[0];
                            to[first + k] = c[1];
                        }
                    }
                });
                float[] logits = g.logits(), gradient = g.gradient();
                for (int q = 0; q < active.length; q++) {
                    f[q] = (double) logits[q * classes + g.to()[q]] - logits[q * classes + g.from()[q]];
                    for (int j = q * d; j < (q + 1) * d; j++) w[j] = gradient[j];
                }
            }
            double[] t = new double[d], wRow = new double[d], t0 = new double[d];
            for (int q = 0; q < active.length; q++) {
                int r = active[q], off = q * d;
                double b = -f[q];
                for (int j = 0; j < d; j++) {
                    wRow[j] = w[off + j];
                    t[j] = x[off + j];
                    t0[j] = clean[r * d + j];
                    b += wRow[j] * t[j];
                }
                double[] d1 = FabProjection.linf(t, wRow, b), d2 = FabProjection.linf(t0, wRow, b);
                double a1 = Math.max(maxAbs(d1), 1e-8), a2 = Math.max(maxAbs(d2), 1e-8);
                double alpha = Math.min(Math.max(a1 / (a1 + a2), 0), alphaMax);
                for (int j = 0; j < d; j++) {
                    double v = (t[j] + eta * d1[j]) * (1 - alpha) + (t0[j] + eta * d2[j]) * alpha;
                    x[off + j] = (float) Math.min(1, Math.max(0, v));
                }
            }
            float[] now = state.logits(active, x);
            boolean[] reached = state.goalReached(active, x, now);
            boolean[] keep = new boolean[active.length];
            for (int q = 0; q < active.length; q++) {
                int r = active[q], off = q * d;
                keep[q] = true;
                if (!reached[q]) continue;
                double size = 0;
                for (int j = 0; j < d; j++) size = Math.max(size, Math.abs((double) x[off + j] - clean[r * d + j]));
                if (size < best[r]) {
                    best[r] = size;
                    System.arraycopy(x, off, bestAdv, r * d, d);
                }
                if (best[r] <= eps && state.earlyStop()) {
                    state.finish(r);
                    keep[q] = false;
                    continue;
                }
                for (int j = 0; j < d; j++) x[off + j] = (float) (clean[r * d + j] + (x[off + j] - clean[r * d + j]) * beta);
            }
            state.countIteration(active);
            int[] next = AttackState.select(active, keep);
            x = compact(x, keep, d);
            active = next;
        }
    }

    /**
     * Untargeted FAB's boundary per row: among the classes of columns 1.., the one whose linearized boundary with the
     * label (column 0) is nearest in L-inf; its f and w (the gradient difference, in double) go to {@code f} and
     * {@code w} ([rows, d]).
     */
    private static void nearestBoundary(List<float[]> res, int[][] cols, int classes, int d, double[] f, double[] w) {
        float[] logits = res.get(0), gLabel = res.get(1);
        for (int q = 0; q < cols.length; q++) {
            int off = q * d, to = 1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int k = 1; k < cols[q].length; k++) {
                float[] gk = res.get(1 + k);
                double fk = (double) logits[q * classes + cols[q][k]] - logits[q * classes + cols[q][0]];
                double l1 = 0;
                for (int j = 0; j < d; j++) l1 += Math.abs((double) gk[off + j] - gLabel[off + j]);
                double dist = Math.abs(fk) / (1e-12 + l1);
                if (dist < bestDist) {
                    bestDist = dist;
                    to = k;
                }
            }
            float[] gTo = res.get(1 + to);
            f[q] = (double) logits[q * classes + cols[q][to]] - logits[q * classes + cols[q][0]];
            for (int j = 0; j < d; j++) w[off + j] = (double) gTo[off + j] - gLabel[off + j];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** The rows of {@code x} (d values each) whose keep flag is set, in order. */
    private static float[] compact(float[] x, boolean[] keep, int d) {
        int kept = 0;
        for (boolean k : keep) if (k) kept++;
        float[] out = new float[kept * d];
        for (int q = 0, o = 0; q < keep.length; q++) {
            if (keep[q]) System.arraycopy(x, q * d, out, (o++) * d, d);
        }
        return out;
    }
}
