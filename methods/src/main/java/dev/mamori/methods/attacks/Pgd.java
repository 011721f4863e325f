package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.SplittableRandom;

/**
 * Projected Gradient Descent (Madry et al. 2018) under an L-inf or L2 budget, as torchattacks' PGD and PGDL2:
 * optional random start (L-inf: uniform in the box; L2: a random direction scaled by a uniform radius), then
 * {@code steps} ascent steps on the loss (L-inf: alpha * sign(grad); L2: alpha * grad / ||grad||) each followed by
 * the projection onto the budget and [0, 1]. The step size follows a {@link StepSchedule}.
 *
 * <p>Restarts: after the first run, examples that are still not adversarial start again from a fresh random point;
 * among the runs of an example, a successful one is kept, otherwise the one with the highest loss. With early stop
 * (the default) an example leaves as soon as an iterate reaches the goal; {@code earlyStop(false)} with one restart
 * and no random start is step-for-step torchattacks.
 */
public final class Pgd extends Attack<Pgd> {
    private final Norm norm;
    private final double eps;
    private double alpha = Double.NaN;
    private int steps = 10;
    private boolean randomStart = true;
    private int restarts = 1;
    private StepSchedule schedule = StepSchedule.constant();
    private AttackLoss loss = AttackLosses.crossEntropy();

    public Pgd(Classifier model, Norm norm, double eps) {
        super(model);
        if (norm == null) throw new IllegalArgumentException("PGD needs a norm");
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("PGD eps must be finite and >= 0, got " + eps);
        this.norm = norm;
        this.eps = eps;
    }

    public static Pgd linf(Classifier model, double eps) {
        return new Pgd(model, Norm.LINF, eps);
    }

    public static Pgd l2(Classifier model, double eps) {
        return new Pgd(model, Norm.L2, eps);
    }

    /** Step size (default 2.5 * eps / steps, Madry et al.). */
    public Pgd alpha(double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException("PGD step size must be > 0, got " + value);
        this.alpha = value;
        return this;
    }

    public Pgd steps(int value) {
        if (value < 1) throw new IllegalArgumentException("PGD steps must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    public Pgd randomStart(boolean on) {
        this.randomStart = on;
        return this;
    }

    /** Runs in total (1 = no restart). Restarts always start from a random point. */
    public Pgd restarts(int value) {
        if (value < 1) throw new IllegalArgumentException("PGD restarts must be >= 1, got " + value);
        this.restarts = value;
        return this;
    }

    public Pgd schedule(StepSchedule value) {
        this.schedule = value;
        return this;
    }

    /** The objective (default cross-entropy; e.g. {@link AttackLosses#dlr()} or {@link AttackLosses#margin}). */
    public Pgd loss(AttackLoss value) {
        this.loss = value;
        return this;
    }

    public double alpha() {
        return Double.isNaN(alpha) ? 2.5 * eps / steps : alpha;
    }

    public int steps() {
        return steps;
    }

    @Override
    public String name() {
        return "PGD-" + norm.label() + "(eps=" + Format.number(eps) + ", alpha=" + Format.number(alpha()) + ", steps=" + steps
                + (restarts > 1 ? ", restarts=" + restarts : "") + (loss.name().equals("ce") ? "" : ", loss=" + loss.name()) + ")";
    }

    @Override
    public Norm norm() {
        return norm;
    }

    @Override
    public double epsilon() {
        return eps;
    }

    @Override
    protected void perturb(AttackState state) {
        int d = state.features();
        int n = state.size();
        boolean[] succeeded = new boolean[n];
        double[] bestLoss = new double[n];
        java.util.Arrays.fill(bestLoss, Double.NEGATIVE_INFINITY);
        float[] result = state.adversarial();
        for (int run = 0; run < restarts; run++) {
            int[] rows = AttackState.select(state.activeRows(), negate(succeeded, state.activeRows()));
            if (rows.length == 0) break;
            float[] x = state.cleanRows(rows);
            float[] adv = x.clone();
            if (randomStart || run > 0) randomStart(state, rows, adv, d);
            adv = iterate(state, rows, x, adv);
            if (restarts == 1) {
                state.setAdversarialRows(rows, adv);
                break;
            }
            // keep each example's best run: a successful one, else the one of highest loss
            boolean[] open = new boolean[rows.length];
            for (int k = 0; k < rows.length; k++) open[k] = !state.isFinished(rows[k]); // finished ones stopped early, image in place
            int[] live = AttackState.select(rows, open);
            if (live.length == 0) continue;
            float[] liveAdv = new float[live.length * d];
            for (int k = 0, q = 0; k < rows.length; k++) if (open[k]) System.arraycopy(adv, k * d, liveAdv, q++ * d, d);
            adv = liveAdv;
            float[] logits = state.logits(live, adv);
            boolean[] judged = state.goalReached(live, adv, logits);
            double[] l = new double[live.length];
            float[] unused = new float[live.length * state.numClasses()];
            loss.evaluate(logits, live.length, state.numClasses(), AttackState.gather(state.labels(), live),
                    AttackState.gather(state.targets(), live), l, unused);
            for (int k = 0; k < live.length; k++) {
                int r = live[k];
                boolean reached = judged[k];
                if (reached || l[k] > bestLoss[r]) {
                    System.arraycopy(adv, k * d, result, r * d, d);
                    bestLoss[r] = l[k];
                }
                if (reached) {
                    succeeded[r] = true;
                    if (state.earlyStop()) state.finish(r);
                }
            }
        }
    }

    /** Runs the steps on the given rows; rows reaching the goal early are written to the state and finished. */
    private float[] iterate(AttackState state, int[] rows, float[] x, float[] adv) {
        int d = state.features();
        int[] active = rows;
        int[] position = new int[rows.length]; // position of each active row in adv/x
        for (int k = 0; k < rows.length; k++) position[k] = k;
        for (int t = 0; t < steps && active.length > 0; t++) {
            float[] current = gatherPositions(adv, position, d);
            LossGradient g = state.lossGradient(active, current, loss);
            if (state.earlyStop()) {
                boolean[] reached = state.goalReached(active, current, g.logits());
                boolean[] keep = new boolean[active.length];
                for (int k = 0; k < active.length; k++) {
                    if (reached[k]) {
                        System.arraycopy(adv, position[k] * d, state.adversarial(), active[k] * d, d);
                        state.finish(active[k]);
                    }
                    keep[k] = !reached[k];
                }
                if (anyFalse(keep)) {
                    float[] grad = g.gradient();
                    int kept = 0;
                    for (int k = 0; k < active.length; k++) {
                        if (!keep[k]) continue;
                        System.arraycopy(grad, k * d, grad, kept * d, d);
                        position[kept] = position[k];
                        kept++;
                    }
                    active = AttackState.select(active, keep);
                    position = java.util.Arrays.copyOf(position, kept);
                    if (active.length == 0) break;
                }
            }
            double a = schedule.stepSize(alpha(), t, steps);
            float[] grad = g.gradient();
            for (int k = 0; k < active.length; k++) {
                int off = position[k] * d, gOff = k * d;
                if (norm == Norm.LINF) {
                    for (int j = 0; j < d; j++) adv[off + j] = adv[off + j] + (float) a * Math.signum(grad[gOff + j]);
                } else {
                    double s = 0;
                    for (int j = 0; j < d; j++) s += (double) grad[gOff + j] * grad[gOff + j];
                    float scale = (float) (a / (Math.sqrt(s) + 1e-10));
                    for (int j = 0; j < d; j++) adv[off + j] = adv[off + j] + grad[gOff + j] * scale;
                }
                norm.projectRow(adv, x, off, d, eps);
            }
            state.countIteration(active);
        }
        return adv;
    }

    private void randomStart(AttackState state, int[] rows, float[] adv, int d) {
        for (int k = 0; k < rows.length; k++) {
            SplittableRandom rng = state.random(rows[k]);
            int off = k * d;
            if (norm == Norm.LINF) {
                for (int j = 0; j < d; j++) adv[off + j] += (float) ((2 * rng.nextDouble() - 1) * eps);
            } else {
                double[] v = new double[d];
                double s = 0;
                for (int j = 0; j < d; j++) {
                    v[j] = Gaussian.next(rng);
                    s += v[j] * v[j];
                }
                double radius = rng.nextDouble() * eps / Math.max(Math.sqrt(s), 1e-12);
                for (int j = 0; j < d; j++) adv[off + j] += (float) (v[j] * radius);
            }
        }
        float[] x = state.cleanRows(rows);
        norm.project(adv, x, rows.length, d, eps);
    }

    private static float[] gatherPositions(float[] src, int[] positions, int d) {
        float[] out = new float[positions.length * d];
        for (int k = 0; k < positions.length; k++) System.arraycopy(src, positions[k] * d, out, k * d, d);
        return out;
    }

    private static boolean anyFalse(boolean[] a) {
        for (boolean b : a) if (!b) return true;
        return false;
    }

    private static boolean[] negate(boolean[] flags, int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = !flags[rows[k]];
        return out;
    }
}
