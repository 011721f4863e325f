package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.Arrays;

/**
 * Carlini-Wagner L2 (2017): minimizes ||x' - x||^2 + c * f(x') over x' = (tanh(w) + 1) / 2 (always in [0, 1]) with
 * Adam, f = max(z_y - max_{i != y} z_i, -kappa) untargeted and max(max_{i != t} z_i - z_t, -kappa) targeted, and a
 * binary search over c per example (c grows tenfold until an adversarial example is found, then bisects). The
 * result is the smallest adversarial example found; an example without one is returned unchanged.
 *
 * <p>CW is a minimum-norm attack. With a budget ({@link #maxNorm}) an adversarial example larger than the budget is
 * projected onto the L2 ball (and the final check decides whether it is still adversarial), so the budget is never
 * exceeded.
 */
public final class CarliniWagnerL2 extends Attack<CarliniWagnerL2> {
    private double initialConst = 0.1;
    private double kappa = 0;
    private int steps = 100;
    private int binarySearchSteps = 5;
    private double lr = 0.01;
    private double maxNorm = Double.POSITIVE_INFINITY;
    private boolean abortEarly = true;

    public CarliniWagnerL2(Classifier model) {
        super(model);
    }

    public CarliniWagnerL2 initialConst(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("CW initial c must be > 0, got " + value);
        this.initialConst = value;
        return this;
    }

    /** Confidence margin kappa (default 0). */
    public CarliniWagnerL2 kappa(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("CW kappa must be >= 0, got " + value);
        this.kappa = value;
        return this;
    }

    /** Adam iterations per binary-search step (default 100). */
    public CarliniWagnerL2 steps(int value) {
        if (value < 1) throw new IllegalArgumentException("CW steps must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    public CarliniWagnerL2 binarySearchSteps(int value) {
        if (value < 1) throw new IllegalArgumentException("CW binary search steps must be >= 1, got " + value);
        this.binarySearchSteps = value;
        return this;
    }

    public CarliniWagnerL2 learningRate(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("CW learning rate must be > 0, got " + value);
        this.lr = value;
        return this;
    }

    /** An L2 budget for the result (default unbounded). */
    public CarliniWagnerL2 maxNorm(double eps) {
        if (!(eps > 0)) throw new IllegalArgumentException("CW budget must be > 0, got " + eps);
        this.maxNorm = eps;
        return this;
    }

    /** Stop a binary-search step when the objective stalls for steps/10 iterations (Carlini's abort_early; default on). */
    public CarliniWagnerL2 abortEarly(boolean on) {
        this.abortEarly = on;
        return this;
    }

    @Override
    public String name() {
        return "CW-L2(c0=" + Format.number(initialConst) + ", kappa=" + Format.number(kappa) + ", steps=" + steps + ", search="
                + binarySearchSteps + (Double.isInfinite(maxNorm) ? "" : ", eps=" + Format.number(maxNorm)) + ")";
    }

    @Override
    public Norm norm() {
        return Double.isInfinite(maxNorm) ? null : Norm.L2;
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
        int m = rows.length;
        float[] x = state.cleanRows(rows);
        double[] w0 = new double[m * d];
        for (int i = 0; i < w0.length; i++) w0[i] = atanh(Math.max(-1 + 1e-6, Math.min(1 - 1e-6, 2.0 * x[i] - 1)));
        double[] c = new double[m], lower = new double[m], upper = new double[m], bestL2 = new double[m];
        Arrays.fill(c, initialConst);
        Arrays.fill(upper, 1e10);
        Arrays.fill(bestL2, Double.POSITIVE_INFINITY);
        float[] best = x.clone();
        boolean[] found = new boolean[m];
        AttackLoss margin = AttackLosses.margin(kappa);
        double[] w = new double[m * d], m1 = new double[m * d], m2 = new double[m * d];
        float[] xAdv = new float[m * d];

        for (int search = 0; search < binarySearchSteps; search++) {
            System.arraycopy(w0, 0, w, 0, w.length);
            Arrays.fill(m1, 0);
            Arrays.fill(m2, 0);
            boolean[] foundThisStep = new boolean[m];
            double previous = Double.POSITIVE_INFINITY;
            for (int it = 0; it < steps; it++) {
                for (int i = 0; i < xAdv.length; i++) xAdv[i] = (float) ((Math.tanh(w[i]) + 1) / 2);
                LossGradient g = state.lossGradient(rows, xAdv, margin);
                boolean[] reached = state.goalReached(rows, xAdv, g.logits());
                state.countIteration(rows);
                double objective = 0;
                int step = it + 1;
                double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.999, step);
                for (int k = 0; k < m; k++) {
                    int off = k * d;
                    double l2sq = 0;
                    for (int j = off; j < off + d; j++) {
                        double diff = (double) xAdv[j] - x[j];
                        l2sq += diff * diff;
                    }
                    // margin(kappa) is -f, so the objective is l2^2 - c * margin
                    objective += l2sq - c[k] * g.loss()[k];
                    boolean adversarial = reached[k] && g.loss()[k] >= kappa;
                    if (adversarial) {
                        foundThisStep[k] = true;
                        if (l2sq < bestL2[k]) {
                            bestL2[k] = l2sq;
                            found[k] = true;
                            System.arraycopy(xAdv, off, best, off, d);
                        }
                    }
                    for (int j = off; j < off + d; j++) {
                        double t = Math.tanh(w[j]);
                        double dx = 2 * ((double) xAdv[j] - x[j]) - c[k] * g.gradient()[j];
                        double dw = dx * (1 - t * t) / 2;
                        m1[j] = 0.9 * m1[j] + 0.1 * dw;
                        m2[j] = 0.999 * m2[j] + 0.001 * dw * dw;
                        w[j] -= lr * (m1[j] / c1) / (Math.sqrt(m2[j] / c2) + 1e-8);
                    }
                }
                if (abortEarly && steps >= 10 && it % Math.max(steps / 10, 1) == 0) {
                    if (objective > previous * 0.9999) break;
                    previous = objective;
                }
            }
            for (int k = 0; k < m; k++) {
                if (foundThisStep[k]) {
                    upper[k] = Math.min(upper[k], c[k]);
                    if (upper[k] < 1e9) c[k] = (lower[k] + upper[k]) / 2;
                } else {
                    lower[k] = Math.max(lower[k], c[k]);
                    c[k] = upper[k] < 1e9 ? (lower[k] + upper[k]) / 2 : c[k] * 10;
                }
            }
        }
        if (!Double.isInfinite(maxNorm)) Projections.l2(best, x, m, d, maxNorm);
        state.setAdversarialRows(rows, best);
    }

    private static double atanh(double v) {
        return 0.5 * Math.log((1 + v) / (1 - v));
    }
}
