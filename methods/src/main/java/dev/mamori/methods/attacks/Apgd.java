package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

/**
 * Auto-PGD (Croce and Hein 2020) with the cross-entropy ({@link #ce}) or the DLR loss ({@link #dlr}), L-inf or L2:
 * the parameter-free PGD of AutoAttack (100 iterations by default, step size adapted per example at checkpoints).
 * Targeted runs use -CE(target) or the targeted DLR loss. Restarts rerun the examples that are still not adversarial
 * from a new random start. An example that fails keeps its highest-loss point.
 */
public final class Apgd extends Attack<Apgd> {
    private final Norm norm;
    private final double eps;
    private final AttackLoss loss;
    private int steps = 100;
    private int restarts = 1;
    private double rho = 0.75;

    public Apgd(Classifier model, Norm norm, double eps, AttackLoss loss) {
        super(model);
        if (norm == null) throw new IllegalArgumentException("APGD needs a norm");
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("APGD eps must be finite and >= 0, got " + eps);
        this.norm = norm;
        this.eps = eps;
        this.loss = loss;
    }

    /** APGD-CE. */
    public static Apgd ce(Classifier model, Norm norm, double eps) {
        return new Apgd(model, norm, eps, AttackLosses.crossEntropy());
    }

    /** APGD-DLR. */
    public static Apgd dlr(Classifier model, Norm norm, double eps) {
        return new Apgd(model, norm, eps, AttackLosses.dlr());
    }

    public Apgd steps(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD iterations must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    public Apgd restarts(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD restarts must be >= 1, got " + value);
        this.restarts = value;
        return this;
    }

    /** Fraction of loss-increasing steps below which the step size is halved (default 0.75). */
    public Apgd rho(double value) {
        if (!(value > 0 && value <= 1)) throw new IllegalArgumentException("APGD rho must be in (0, 1], got " + value);
        this.rho = value;
        return this;
    }

    @Override
    public String name() {
        return "APGD-" + loss.name().toUpperCase(java.util.Locale.ROOT) + "-" + norm.label() + "(eps=" + Format.number(eps)
                + ", steps=" + steps + (restarts > 1 ? ", restarts=" + restarts : "") + ")";
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
        boolean[] succeeded = new boolean[state.size()];
        double[] bestLoss = new double[state.size()];
        java.util.Arrays.fill(bestLoss, Double.NEGATIVE_INFINITY);
        for (int run = 0; run < restarts; run++) {
            int[] rows = unsolved(state, succeeded);
            if (rows.length == 0) return;
            ApgdCore.run(state, rows, AttackState.gather(state.targets(), rows), loss, norm, eps, steps, rho, succeeded, bestLoss);
        }
    }

    static int[] unsolved(AttackState state, boolean[] succeeded) {
        int[] active = state.activeRows();
        boolean[] keep = new boolean[active.length];
        for (int k = 0; k < active.length; k++) keep[k] = !succeeded[active[k]];
        return AttackState.select(active, keep);
    }
}
