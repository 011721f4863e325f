package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

/**
 * Momentum Iterative FGSM (Dong et al. 2018), as torchattacks' MIFGSM: g = decay * g + grad / mean|grad|, then
 * x + alpha * sign(g), projected onto the L-inf budget and [0, 1]. Defaults: 10 steps, alpha = eps / steps, decay 1.
 */
public final class MiFgsm extends Attack<MiFgsm> {
    private final double eps;
    private int steps = 10;
    private double alpha = Double.NaN;
    private double decay = 1.0;

    public MiFgsm(Classifier model, double eps) {
        super(model);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("MI-FGSM eps must be finite and >= 0, got " + eps);
        this.eps = eps;
    }

    public MiFgsm steps(int value) {
        if (value < 1) throw new IllegalArgumentException("MI-FGSM steps must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    public MiFgsm alpha(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("MI-FGSM step size must be > 0, got " + value);
        this.alpha = value;
        return this;
    }

    public MiFgsm decay(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("MI-FGSM decay must be >= 0, got " + value);
        this.decay = value;
        return this;
    }

    private double alpha() {
        return Double.isNaN(alpha) ? eps / steps : alpha;
    }

    @Override
    public String name() {
        return "MI-FGSM(eps=" + Format.number(eps) + ", alpha=" + Format.number(alpha()) + ", steps=" + steps + ", decay="
                + Format.number(decay) + ")";
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
        int d = state.features();
        float[] adv = state.adversarial();
        float[] clean = state.clean();
        float[] momentum = new float[state.size() * d];
        AttackLoss loss = AttackLosses.crossEntropy();
        for (int t = 0; t < steps; t++) {
            int[] rows = state.activeRows();
            if (rows.length == 0) return;
            float[] current = state.adversarialRows(rows);
            LossGradient g = state.lossGradient(rows, current, loss);
            boolean[] reached = state.earlyStop() ? state.goalReached(rows, current, g.logits()) : new boolean[rows.length];
            float[] grad = g.gradient();
            int stepped = 0;
            for (int k = 0; k < rows.length; k++) {
                int r = rows[k];
                if (reached[k]) {
                    state.finish(r);
                    continue;
                }
                int off = r * d, gOff = k * d;
                double meanAbs = 0;
                for (int j = 0; j < d; j++) meanAbs += Math.abs(grad[gOff + j]);
                meanAbs /= d;
                // torchattacks divides by the mean without a guard; a zero gradient gives a zero update instead of NaN
                float inv = meanAbs > 0 ? (float) (1 / meanAbs) : 0f;
                for (int j = 0; j < d; j++) {
                    float m = grad[gOff + j] * inv + momentum[off + j] * (float) decay;
                    momentum[off + j] = m;
                    adv[off + j] = adv[off + j] + (float) alpha() * Math.signum(m);
                }
                Projections.linfRow(adv, clean, off, d, eps);
                stepped++;
            }
            if (stepped > 0) state.countIteration(AttackState.select(rows, not(reached)));
        }
    }

    private static boolean[] not(boolean[] a) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) out[i] = !a[i];
        return out;
    }
}
