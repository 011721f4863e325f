package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

/**
 * APGD-T of AutoAttack: an untargeted attack made of targeted APGD runs on the targeted DLR loss, against the most
 * likely wrong class, then the second, ... ({@code targetClasses}, default 9), each on the examples still correctly
 * classified. Run targeted ({@link #runTargeted}), it is APGD on the targeted DLR loss towards the given targets.
 */
public final class ApgdTargeted extends Attack<ApgdTargeted> {
    private final Norm norm;
    private final double eps;
    private int steps = 100;
    private int targetClasses = 9;
    private int restarts = 1;
    private double rho = 0.75;

    public ApgdTargeted(Classifier model, Norm norm, double eps) {
        super(model);
        if (norm == null) throw new IllegalArgumentException("APGD-T needs a norm");
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("APGD-T eps must be finite and >= 0, got " + eps);
        this.norm = norm;
        this.eps = eps;
    }

    public ApgdTargeted steps(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD-T iterations must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    /** How many of the most likely wrong classes to try, in order (capped at classes - 1). */
    public ApgdTargeted targetClasses(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD-T needs at least one target class, got " + value);
        this.targetClasses = value;
        return this;
    }

    public ApgdTargeted restarts(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD-T restarts must be >= 1, got " + value);
        this.restarts = value;
        return this;
    }

    @Override
    public String name() {
        return "APGD-T-" + norm.label() + "(eps=" + Format.number(eps) + ", steps=" + steps + ", targets=" + targetClasses + ")";
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
        int classes = state.numClasses();
        if (classes < 4) throw new IllegalArgumentException("APGD-T uses the targeted DLR loss, which needs at least 4 classes; the model has " + classes);
        AttackLoss dlr = AttackLosses.dlr();
        boolean[] succeeded = new boolean[state.size()];
        double[] bestLoss = new double[state.size()];
        java.util.Arrays.fill(bestLoss, Double.NEGATIVE_INFINITY);
        if (state.targeted()) {
            for (int run = 0; run < restarts; run++) {
                int[] rows = Apgd.unsolved(state, succeeded);
                if (rows.length == 0) return;
                ApgdCore.run(state, rows, AttackState.gather(state.targets(), rows), dlr, norm, eps, steps, rho, succeeded, bestLoss);
            }
            return;
        }
        int ranks = Math.min(targetClasses, classes - 1);
        for (int rank = 1; rank <= ranks; rank++) {
            for (int run = 0; run < restarts; run++) {
                int[] rows = Apgd.unsolved(state, succeeded);
                if (rows.length == 0) return;
                float[] logits = state.cleanLogits() != null ? AttackState.gather(state.cleanLogits(), rows, classes)
                        : state.logits(rows, state.cleanRows(rows));
                int[] targets = Targets.ranked(logits, rows.length, classes, AttackState.gather(state.labels(), rows), rank);
                ApgdCore.run(state, rows, targets, dlr, norm, eps, steps, rho, succeeded, bestLoss);
            }
        }
    }
}
