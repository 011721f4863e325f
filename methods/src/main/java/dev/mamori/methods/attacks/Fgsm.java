package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

/**
 * Fast Gradient Sign Method (Goodfellow et al. 2015): one step x + eps * sign(grad CE), clamped to [0, 1]. Targeted:
 * x - eps * sign(grad CE(target)).
 */
public final class Fgsm extends Attack<Fgsm> {
    private final double eps;

    public Fgsm(Classifier model, double eps) {
        super(model);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("FGSM eps must be finite and >= 0, got " + eps);
        this.eps = eps;
    }

    @Override
    public String name() {
        return "FGSM(eps=" + Format.number(eps) + ")";
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
        int[] rows = state.activeRows();
        if (rows.length == 0) return;
        int d = state.features();
        float[] x = state.cleanRows(rows);
        float[] g = state.lossGradient(rows, x, AttackLosses.crossEntropy()).gradient();
        float[] adv = new float[x.length];
        for (int i = 0; i < x.length; i++) adv[i] = x[i] + (float) eps * Math.signum(g[i]);
        Projections.linf(adv, x, rows.length, d, eps);
        state.setAdversarialRows(rows, adv);
        state.countIteration(rows);
    }
}
