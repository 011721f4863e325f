package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.SplittableRandom;

/**
 * Square Attack, L-inf (Andriushchenko et al. 2020): a score-based black-box attack that uses only the model's
 * logits. It starts from vertical stripes of +-eps and then, once per query, changes one random square window of
 * side s to a random +-eps per channel, keeping the change if the loss decreased. The window's area follows the
 * paper's schedule: a fraction p of the image, p = p_init halved at 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000
 * iterations. Standalone, as the reference {@code SquareAttack} by default ({@code resc_schedule=True}), the schedule is
 * on a 10,000-query scale rescaled to the query budget; inside AutoAttack it is not ({@code resc_schedule=False} in
 * the reference's standard version: at 5,000 queries the window stops shrinking at p_init / 128), see
 * {@link #rescaleSchedule}.
 *
 * <p>Loss: the margin z_y - max_{i != y} z_i untargeted, CE(target) targeted; an example stops when it reaches the
 * goal. Each example draws its own windows (the paper's reference code; AutoAttack shares one window per batch).
 * Square only reads logits: {@link Eot} does not apply to it.
 *
 * <p>On a randomized model a proposal is never accepted, nor an example stopped, on one lucky draw. On a
 * {@link RandomizedModel} the current point and the proposal are compared under the same draw (common random
 * numbers): each iteration draws one realization (for the whole batch, so that it costs two model calls) and evaluates
 * both on it (two queries per example), and an example is done only when the proposal fools every realization
 * (checked on all N when it fools the drawn one). On other
 * randomized models every image is evaluated k times ({@link AttackState#judgeLogits}), its loss is the worst over
 * the k draws, and an example is done only when all k draws reach the goal.
 */
public final class Square extends Attack<Square> {
    private final double eps;
    private int queries = 5000;
    private double pInit = 0.8;
    private int restarts = 1;
    private boolean rescaleSchedule = true;

    public Square(Classifier model, double eps) {
        super(model);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("Square eps must be finite and >= 0, got " + eps);
        this.eps = eps;
    }

    /** Queries per example and restart (default 5000, as in AutoAttack). */
    public Square queries(int value) {
        if (value < 1) throw new IllegalArgumentException("Square queries must be >= 1, got " + value);
        this.queries = value;
        return this;
    }

    public Square pInit(double value) {
        if (!(value > 0 && value <= 1)) throw new IllegalArgumentException("Square p_init must be in (0, 1], got " + value);
        this.pInit = value;
        return this;
    }

    public Square restarts(int value) {
        if (value < 1) throw new IllegalArgumentException("Square restarts must be >= 1, got " + value);
        this.restarts = value;
        return this;
    }

    /**
     * Whether the window schedule is rescaled to the query budget (default true, the reference SquareAttack's default);
     * AutoAttack's standard version turns it off.
     */
    public Square rescaleSchedule(boolean on) {
        this.rescaleSchedule = on;
        return this;
    }

    @Override
    public String name() {
        return "Square-Linf(eps=" + Format.number(eps) + ", queries=" + queries + ", p_init=" + Format.number(pInit)
                + (rescaleSchedule ? "" : ", schedule not rescaled") + ")";
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
    public boolean isBlackBox() {
        return true;
    }

    /**
     * The fraction of pixels the window covers at iteration {@code it} (the paper's schedule, on its 10,000-query scale:
     * {@code totalQueries} rescales it, 10,000 leaves it as it is).
     */
    static double pSelection(double pInit, int it, int totalQueries) {
        int i = (int) ((long) it * 10000 / totalQueries);
        if (i <= 10) return pInit;
        if (i <= 50) return pInit / 2;
        if (i <= 200) return pInit / 4;
        if (i <= 500) return pInit / 8;
        if (i <= 1000) return pInit / 16;
        if (i <= 2000) return pInit / 32;
        if (i <= 4000) return pInit / 64;
        if (i <= 6000) return pInit / 128;
        if (i <= 8000) return pInit / 256;
        return pInit / 512;
    }

    @Override
    protected void perturb(AttackState state) {
        boolean[] succeeded = new boolean[state.size()];
        for (int run = 0; run < restarts; run++) {
            int[] rows = Apgd.unsolved(state, succeeded);
            if (rows.length == 0) return;
            attackOnce(state, rows, succeeded);
        }
    }

    private void attackOnce(AttackState state, int[] rows, boolean[] succeeded) {
        long[] chw = state.imageShape();
        int c = (int) chw[0], h = (int) chw[1], w = (int) chw[2];
        int d = state.features();
        int m = rows.length;
        int classes = state.numClasses();
        float[] x = state.cleanRows(rows);
        float[] best = new float[m * d];
        for (int k = 0; k < m; k++) {
            SplittableRandom rng = state.random(rows[k]);
            for (int ch = 0; ch < c; ch++) {
                for (int col = 0; col < w; col++) {
                    float s = rng.nextBoolean() ? (float) eps : (float) -eps;
                    for (int row = 0; row < h; row++) {
                        int i = k * d + (ch * h + row) * w + col;
                        best[i] = x[i] + s;
                    }
                }
            }
        }
        Projections.linf(best, x, m, d, eps);
        AttackLoss marginLoss = AttackLosses.margin(Double.POSITIVE_INFINITY);
        AttackLoss ce = AttackLosses.crossEntropy();
        double[] lossMin = new double[m];
        boolean[] done = new boolean[m];
        int[] all = new int[m];
        for (int k = 0; k < m; k++) all[k] = k;
        evaluate(state, rows, all, best, marginLoss, ce, lossMin, done, classes);
        for (int it = 0; it < queries; it++) {
            int[] act = active(done);
            if (act.length == 0) break;
            double p = pSelection(pInit, it, rescaleSchedule ? queries : 10000);
            int s = (int) Math.max(Math.round(Math.sqrt(p * d / c)), 1);
            s = Math.min(s, Math.max(Math.min(h, w) - 1, 1));
            float[] images = new float[act.length * d];
            for (int q = 0; q < act.length; q++) {
                int k = act[q];
                SplittableRandom rng = state.random(rows[k]);
                int vh = h - s > 0 ? rng.nextInt(h - s) : 0;
                int vw = w - s > 0 ? rng.nextInt(w - s) : 0;
                System.arraycopy(best, k * d, images, q * d, d);
                for (int ch = 0; ch < c; ch++) {
                    float delta = (float) (2 * eps * (rng.nextBoolean() ? 1 : -1));
                    for (int row = vh; row < vh + s; row++) {
                        int base = q * d + (ch * h + row) * w;
                        for (int col = vw; col < vw + s; col++) images[base + col] += delta;
                    }
                }
            }
            float[] xActive = new float[act.length * d];
            for (int q = 0; q < act.length; q++) System.arraycopy(x, act[q] * d, xActive, q * d, d);
            Projections.linf(images, xActive, act.length, d, eps);
            int[] actRows = ApgdCore.rowsOf(rows, act);
            boolean[] reached;
            boolean[] accept = new boolean[act.length];
            if (state.realizations() > 0) {
                int[] drawn = new int[act.length];
                java.util.Arrays.fill(drawn, state.batchRandom().nextInt(state.realizations()));
                float[] current = new float[act.length * d];
                for (int q = 0; q < act.length; q++) System.arraycopy(best, act[q] * d, current, q * d, d);
                double[] lossNow = lossOf(state, actRows, state.realizationLogits(actRows, current, drawn), marginLoss, ce, classes);
                float[] proposed = state.realizationLogits(actRows, images, drawn);
                double[] lossNew = lossOf(state, actRows, proposed, marginLoss, ce, classes);
                // a proposal that fools the drawn key is better there than a point that does not; only an accepted one that
                // fools it is checked on the other keys (a proposal no better than the current point waits for later draws)
                boolean[] onDrawn = state.reachesGoal(proposed, actRows);
                boolean[] candidate = new boolean[act.length];
                for (int q = 0; q < act.length; q++) {
                    accept[q] = lossNew[q] < lossNow[q];
                    candidate[q] = accept[q] && onDrawn[q];
                }
                reached = state.reachedOnOtherRealizations(actRows, images, candidate, drawn[0]);
            } else {
                float[][] judged = state.judgeLogits(actRows, images);
                double[] loss = worstLoss(state, actRows, judged, marginLoss, ce, classes);
                reached = state.reachedOnEvery(judged, actRows);
                for (int q = 0; q < act.length; q++) {
                    accept[q] = loss[q] < lossMin[act[q]] || reached[q];
                    if (accept[q]) lossMin[act[q]] = Math.min(loss[q], lossMin[act[q]]);
                }
            }
            for (int q = 0; q < act.length; q++) {
                int k = act[q];
                if (accept[q]) System.arraycopy(images, q * d, best, k * d, d);
                if (reached[q]) done[k] = true;
            }
            state.countIteration(actRows);
        }
        state.setAdversarialRows(rows, best);
        for (int k = 0; k < m; k++) {
            if (!done[k]) continue;
            succeeded[rows[k]] = true;
            if (state.earlyStop()) state.finish(rows[k]);
        }
    }

    private void evaluate(AttackState state, int[] rows, int[] positions, float[] images, AttackLoss margin, AttackLoss ce,
                          double[] lossOut, boolean[] done, int classes) {
        int[] actRows = ApgdCore.rowsOf(rows, positions);
        float[][] judged = state.judgeLogits(actRows, images);
        double[] loss = worstLoss(state, actRows, judged, margin, ce, classes);
        boolean[] reached = state.reachedOnEvery(judged, actRows);
        for (int q = 0; q < positions.length; q++) {
            lossOut[positions[q]] = loss[q];
            done[positions[q]] = reached[q];
        }
    }

    /** Per row, the largest loss over the judge's evaluations (one on a deterministic model). */
    private static double[] worstLoss(AttackState state, int[] rows, float[][] judged, AttackLoss margin, AttackLoss ce, int classes) {
        double[] worst = null;
        for (float[] logits : judged) {
            double[] l = lossOf(state, rows, logits, margin, ce, classes);
            if (worst == null) worst = l;
            else for (int i = 0; i < l.length; i++) worst[i] = Math.max(worst[i], l[i]);
        }
        return worst;
    }

    /** The loss Square minimizes: the margin (untargeted) or CE towards the target. */
    private static double[] lossOf(AttackState state, int[] rows, float[] logits, AttackLoss margin, AttackLoss ce, int classes) {
        int n = rows.length;
        double[] l = new double[n];
        float[] unused = new float[n * classes];
        int[] labels = AttackState.gather(state.labels(), rows);
        if (state.targeted()) {
            // AttackLosses.crossEntropy with targets returns -CE(target); Square minimizes CE(target)
            ce.evaluate(logits, n, classes, labels, AttackState.gather(state.targets(), rows), l, unused);
            for (int i = 0; i < n; i++) l[i] = -l[i];
        } else {
            // margin(inf) is max_{i != y} z_i - z_y (maximized); Square minimizes z_y - max_{i != y} z_i
            margin.evaluate(logits, n, classes, labels, null, l, unused);
            for (int i = 0; i < n; i++) l[i] = -l[i];
        }
        return l;
    }

    private static int[] active(boolean[] done) {
        int count = 0;
        for (boolean b : done) if (!b) count++;
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < done.length; i++) if (!done[i]) out[k++] = i;
        return out;
    }
}
