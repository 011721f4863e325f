package dev.mamori.methods.attacks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One run of Auto-PGD (Croce and Hein 2020, Algorithm 1; AutoAttack's attack_single_run) on some rows of a batch:
 * step size 2 * eps, momentum 0.75 after the first step, checkpoints at 22% of the iterations and then at shrinking
 * intervals (by 3%, at least 6%), where the step size of an example is halved and it restarts from its best point if
 * fewer than rho of the steps since the last checkpoint increased the loss, or if its step size was not reduced and
 * its best loss did not improve. Each example's own random start comes from its own random source.
 */
final class ApgdCore {
    private ApgdCore() {}

    /**
     * @param lossTargets targets for the loss, one per row (null: untargeted loss)
     * @param succeeded   per example of the state: set when an iterate reaches the goal (its image is then in the state)
     * @param bestLoss    per example of the state: the best loss of earlier runs; a failed example's image is replaced
     *                    when this run's best point is better
     */
    static void run(AttackState state, int[] rows, int[] lossTargets, AttackLoss loss, Norm norm, double eps, int iterations,
                    double rho, boolean[] succeeded, double[] bestLoss) {
        int d = state.features();
        int m = rows.length;
        float[] x = state.cleanRows(rows);
        float[] xAdv = new float[m * d];
        for (int k = 0; k < m; k++) randomStart(state.random(rows[k]), norm, eps, x, xAdv, k * d, d);
        for (int k = 0; k < m; k++) norm.projectRow(xAdv, x, k * d, d, eps);

        int[] act = new int[m];
        for (int k = 0; k < m; k++) act[k] = k;
        float[] grad = new float[m * d];
        double[] lossNow = new double[m];
        act = query(state, rows, act, xAdv, lossTargets, loss, grad, lossNow, succeeded, d);

        double[] lossInit = lossNow.clone();
        double[] lossBestRun = lossNow.clone();
        float[] xBest = xAdv.clone();
        float[] gradBest = grad.clone();
        float[] xOld = xAdv.clone();
        double[] stepSize = new double[m];
        Arrays.fill(stepSize, 2 * eps);
        double[][] lossSteps = new double[iterations][m];
        double[] lossBestLastCheck = lossBestRun.clone();
        boolean[] reducedLastCheck = new boolean[m];
        Arrays.fill(reducedLastCheck, true);
        int checkInterval = firstInterval(iterations);
        int sinceCheck = 0;
        float[] z = new float[d];

        for (int i = 0; i < iterations && act.length > 0; i++) {
            double a = i > 0 ? 0.75 : 1.0;
            for (int k : act) {
                int off = k * d;
                double scale = norm == Norm.LINF ? stepSize[k] : stepSize[k] / (l2(grad, off, d) + 1e-12);
                for (int j = 0; j < d; j++) {
                    float g = grad[off + j];
                    z[j] = xAdv[off + j] + (float) (norm == Norm.LINF ? stepSize[k] * Math.signum(g) : scale * g);
                }
                norm.projectRow(z, Arrays.copyOfRange(x, off, off + d), 0, d, eps);
                for (int j = 0; j < d; j++) {
                    float current = xAdv[off + j];
                    float momentum = current - xOld[off + j];
                    xOld[off + j] = current;
                    xAdv[off + j] = (float) (current + (z[j] - current) * a + momentum * (1 - a));
                }
                norm.projectRow(xAdv, x, off, d, eps);
            }
            int[] stepped = act;
            act = query(state, rows, act, xAdv, lossTargets, loss, grad, lossNow, succeeded, d);
            state.countIteration(rowsOf(rows, stepped));
            for (int k : stepped) {
                lossSteps[i][k] = lossNow[k];
                if (lossNow[k] > lossBestRun[k]) {
                    lossBestRun[k] = lossNow[k];
                    System.arraycopy(xAdv, k * d, xBest, k * d, d);
                    System.arraycopy(grad, k * d, gradBest, k * d, d);
                }
            }
            sinceCheck++;
            if (sinceCheck == checkInterval) {
                for (int k : act) {
                    int increases = 0;
                    for (int c = 0; c < checkInterval; c++) {
                        int j = i - c;
                        double previous = j - 1 >= 0 ? lossSteps[j - 1][k] : lossInit[k];
                        if (lossSteps[j][k] > previous) increases++;
                    }
                    boolean oscillating = increases <= checkInterval * rho;
                    boolean stalled = !reducedLastCheck[k] && lossBestLastCheck[k] >= lossBestRun[k];
                    boolean reduce = oscillating || stalled;
                    reducedLastCheck[k] = reduce;
                    lossBestLastCheck[k] = lossBestRun[k];
                    if (reduce) {
                        stepSize[k] /= 2;
                        System.arraycopy(xBest, k * d, xAdv, k * d, d);
                        System.arraycopy(gradBest, k * d, grad, k * d, d);
                    }
                }
                sinceCheck = 0;
                checkInterval = nextInterval(checkInterval, iterations);
            }
        }
        float[] out = state.adversarial();
        for (int k = 0; k < m; k++) {
            int r = rows[k];
            if (succeeded[r]) continue;
            if (lossBestRun[k] > bestLoss[r]) {
                bestLoss[r] = lossBestRun[k];
                System.arraycopy(xBest, k * d, out, r * d, d);
            }
        }
    }

    /** Iterations (1-based counts) after which the step size is checked: 22, 41, 57, 70, 80, 87, 93, 99 for 100. */
    static java.util.List<Integer> checkpoints(int iterations) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int interval = firstInterval(iterations);
        int at = interval;
        while (at <= iterations) {
            out.add(at);
            interval = nextInterval(interval, iterations);
            at += interval;
        }
        return out;
    }

    private static int firstInterval(int iterations) {
        return Math.max((int) (0.22 * iterations), 1);
    }

    /** The next interval: shorter by 3% of the iterations, but at least 6% (AutoAttack's size_decr, n_iter_min). */
    private static int nextInterval(int interval, int iterations) {
        return Math.max(interval - Math.max((int) (0.03 * iterations), 1), Math.max((int) (0.06 * iterations), 1));
    }

    /**
     * Loss and gradient at the active positions; records successes (image into the state; finished under early stop).
     * Returns the positions that stay active.
     */
    private static int[] query(AttackState state, int[] rows, int[] act, float[] xAdv, int[] lossTargets, AttackLoss loss,
                               float[] grad, double[] lossNow, boolean[] succeeded, int d) {
        int[] actRows = rowsOf(rows, act);
        float[] images = new float[act.length * d];
        for (int q = 0; q < act.length; q++) System.arraycopy(xAdv, act[q] * d, images, q * d, d);
        int[] targets = lossTargets == null ? null : new int[act.length];
        if (targets != null) for (int q = 0; q < act.length; q++) targets[q] = lossTargets[act[q]];
        LossGradient g = state.lossGradient(actRows, images, loss, targets);
        boolean[] reached = state.goalReached(actRows, images, g.logits());
        boolean[] keep = new boolean[act.length];
        for (int q = 0; q < act.length; q++) {
            int k = act[q];
            System.arraycopy(g.gradient(), q * d, grad, k * d, d);
            lossNow[k] = g.loss()[q];
            keep[q] = true;
            if (reached[q]) {
                succeeded[actRows[q]] = true;
                System.arraycopy(xAdv, k * d, state.adversarial(), actRows[q] * d, d);
                if (state.earlyStop()) {
                    state.finish(actRows[q]);
                    keep[q] = false;
                }
            }
        }
        return AttackState.select(act, keep);
    }

    private static void randomStart(SplittableRandom rng, Norm norm, double eps, float[] x, float[] xAdv, int off, int d) {
        double[] t = new double[d];
        double size = 0;
        for (int j = 0; j < d; j++) {
            t[j] = norm == Norm.LINF ? 2 * rng.nextDouble() - 1 : Gaussian.next(rng);
            size = norm == Norm.LINF ? Math.max(size, Math.abs(t[j])) : size + t[j] * t[j];
        }
        if (norm == Norm.L2) size = Math.sqrt(size);
        for (int j = 0; j < d; j++) xAdv[off + j] = (float) (x[off + j] + eps * t[j] / (size + 1e-12));
    }

    private static double l2(float[] a, int off, int d) {
        double s = 0;
        for (int j = off; j < off + d; j++) s += (double) a[j] * a[j];
        return Math.sqrt(s);
    }

    static int[] rowsOf(int[] rows, int[] positions) {
        int[] out = new int[positions.length];
        for (int q = 0; q < positions.length; q++) out[q] = rows[positions[q]];
        return out;
    }
}
