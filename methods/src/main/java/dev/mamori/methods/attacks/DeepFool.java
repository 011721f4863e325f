package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.List;

/**
 * DeepFool (Moosavi-Dezfooli et al. 2016): linearizes the classifier around the current point and steps to the
 * nearest linearized decision boundary among the {@code candidates} most likely classes, until the prediction
 * changes; the accumulated step is scaled by (1 + overshoot). L2 (the paper) or L-inf (steps along sign(w) with the
 * L1 norm of w as the dual norm). Targeted: only the boundary with the target class is used.
 *
 * <p>DeepFool needs one gradient per candidate class and does not average them under {@link Eot}; against a
 * randomized defense use PGD or APGD with EOT.
 *
 * <p>A minimum-norm attack. With a budget ({@link #maxNorm}) the result is projected onto the budget's ball (the
 * final check decides whether it is still adversarial), so the budget is never exceeded.
 */
public final class DeepFool extends Attack<DeepFool> {
    private final Norm norm;
    private int steps = 50;
    private double overshoot = 0.02;
    private int candidates = 10;
    private double maxNorm = Double.POSITIVE_INFINITY;

    public DeepFool(Classifier model, Norm norm) {
        super(model);
        if (norm == null) throw new IllegalArgumentException("DeepFool needs a norm");
        this.norm = norm;
    }

    public static DeepFool l2(Classifier model) {
        return new DeepFool(model, Norm.L2);
    }

    public DeepFool steps(int value) {
        if (value < 1) throw new IllegalArgumentException("DeepFool steps must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    public DeepFool overshoot(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("DeepFool overshoot must be >= 0, got " + value);
        this.overshoot = value;
        return this;
    }

    /** How many of the most likely classes are considered (default 10, including the label). */
    public DeepFool candidates(int value) {
        if (value < 2) throw new IllegalArgumentException("DeepFool needs at least 2 candidate classes, got " + value);
        this.candidates = value;
        return this;
    }

    /** A budget in this attack's norm (default unbounded). */
    public DeepFool maxNorm(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("DeepFool budget must be finite and > 0, got " + eps);
        this.maxNorm = eps;
        return this;
    }

    @Override
    public String name() {
        return "DeepFool-" + norm.label() + "(steps=" + steps + ", overshoot=" + Format.number(overshoot) + ", candidates=" + candidates
                + (Double.isInfinite(maxNorm) ? "" : ", eps=" + Format.number(maxNorm)) + ")";
    }

    @Override
    public Norm norm() {
        return Double.isInfinite(maxNorm) ? null : norm;
    }

    @Override
    public double epsilon() {
        return Double.isInfinite(maxNorm) ? Double.NaN : maxNorm;
    }

    @Override
    protected void perturb(AttackState state) {
        int[] rows = state.activeRows();
        if (rows.length == 0) return;
        int d = state.features();
        int classes = state.numClasses();
        int n = state.size();
        float[] clean = state.clean();
        float[] cleanLogits = state.cleanLogitsOfAll();
        // column 0 is the label; the other columns are the candidate classes (or the target)
        int width = state.targeted() ? 2 : Math.min(candidates, classes);
        int[][] columns = new int[n][];
        for (int r = 0; r < n; r++) {
            int y = state.labels()[r];
            if (state.targeted()) {
                columns[r] = new int[]{y, state.targets()[r]};
            } else {
                int[] order = AttackLosses.ranking(cleanLogits, classes, r);
                int[] cols = new int[width];
                cols[0] = y;
                int k = 1;
                for (int cls : order) {
                    if (k == width) break;
                    if (cls != y) cols[k++] = cls;
                }
                columns[r] = cols;
            }
        }
        double[] total = new double[n * d];
        float[] adv = state.adversarial();
        int[] active = rows;
        for (int it = 0; it < steps && active.length > 0; it++) {
            int[][] cols = new int[active.length][];
            for (int q = 0; q < active.length; q++) cols[q] = columns[active[q]];
            float[] current = state.adversarialRows(active);
            List<float[]> res = state.logitGradients(active, current, cols);
            float[] logits = res.get(0);
            boolean[] reached = state.goalReached(active, current, logits);
            boolean[] keep = new boolean[active.length];
            for (int q = 0; q < active.length; q++) {
                int r = active[q];
                if (reached[q]) {
                    state.finish(r);
                    continue;
                }
                keep[q] = true;
                float[] gy = res.get(1);
                int gOff = q * d;
                double bestPert = Double.POSITIVE_INFINITY;
                int bestCol = -1;
                double bestWNorm = 0;
                for (int k = 1; k < cols[q].length; k++) {
                    float[] gk = res.get(1 + k);
                    double f = (double) logits[q * classes + cols[q][k]] - logits[q * classes + cols[q][0]];
                    double wNorm = 0;
                    for (int j = 0; j < d; j++) {
                        double wj = (double) gk[gOff + j] - gy[gOff + j];
                        wNorm += norm == Norm.L2 ? wj * wj : Math.abs(wj);
                    }
                    if (norm == Norm.L2) wNorm = Math.sqrt(wNorm);
                    double pert = Math.abs(f) / (wNorm + 1e-12);
                    if (pert < bestPert) {
                        bestPert = pert;
                        bestCol = k;
                        bestWNorm = wNorm;
                    }
                }
                float[] gl = res.get(1 + bestCol);
                int off = r * d;
                for (int j = 0; j < d; j++) {
                    double wj = (double) gl[gOff + j] - gy[gOff + j];
                    double step = norm == Norm.L2 ? (bestPert + 1e-4) * wj / (bestWNorm + 1e-12) : (bestPert + 1e-4) * Math.signum(wj);
                    total[off + j] += step;
                    float v = (float) (clean[off + j] + (1 + overshoot) * total[off + j]);
                    adv[off + j] = v < 0f ? 0f : (v > 1f ? 1f : v);
                }
            }
            state.countIteration(AttackState.select(active, keep));
            active = AttackState.select(active, keep);
        }
        if (!Double.isInfinite(maxNorm)) {
            for (int r : rows) norm.projectRow(adv, clean, r * d, d, maxNorm);
        }
    }
}
