package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.SplittableRandom;

/**
 * SPSA (Uesato et al. 2018), L-inf: a gradient-free attack. Each iteration estimates the gradient of the margin loss
 * from {@code samples} pairs of finite differences along random +-1 directions,
 * g = mean_v [L(x + delta v) - L(x - delta v)] / (2 delta) * v, and takes an Adam step (learning rate {@code lr}) on
 * the perturbation, followed by the projection onto the budget and [0, 1]. An example stops when its current point
 * reaches the goal (checked with one more query per iteration). Loss: the margin max_{i != y} z_i - z_y untargeted,
 * z_t - max_{i != t} z_i targeted (both maximized).
 */
public final class Spsa extends Attack<Spsa> {
    private final double eps;
    private int steps = 100;
    private int samples = 64;
    private double delta = 0.01;
    private double lr = 0.01;

    public Spsa(Classifier model, double eps) {
        super(model);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("SPSA eps must be finite and >= 0, got " + eps);
        this.eps = eps;
    }

    public Spsa steps(int value) {
        if (value < 1) throw new IllegalArgumentException("SPSA steps must be >= 1, got " + value);
        this.steps = value;
        return this;
    }

    /** Random directions per gradient estimate (each costs two queries). */
    public Spsa samples(int value) {
        if (value < 1) throw new IllegalArgumentException("SPSA samples must be >= 1, got " + value);
        this.samples = value;
        return this;
    }

    /** Finite-difference step (default 0.01). */
    public Spsa delta(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("SPSA delta must be > 0, got " + value);
        this.delta = value;
        return this;
    }

    /** Adam learning rate (default 0.01). */
    public Spsa learningRate(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("SPSA learning rate must be > 0, got " + value);
        this.lr = value;
        return this;
    }

    @Override
    public String name() {
        return "SPSA-Linf(eps=" + Format.number(eps) + ", steps=" + steps + ", samples=" + samples + ", delta=" + Format.number(delta)
                + ", lr=" + Format.number(lr) + ")";
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

    @Override
    protected void perturb(AttackState state) {
        int d = state.features();
        int n = state.size();
        int classes = state.numClasses();
        float[] clean = state.clean();
        float[] adv = state.adversarial();
        double[] m1 = new double[n * d], m2 = new double[n * d];
        AttackLoss loss = AttackLosses.margin(Double.POSITIVE_INFINITY);
        int copies = 2 * samples + 1;
        float[] images = new float[copies * d];
        byte[] directions = new byte[samples * d];
        double[] l = new double[copies];
        float[] unused = new float[copies * classes];
        int[] labels = new int[copies], targets = state.targeted() ? new int[copies] : null;
        for (int t = 0; t < steps; t++) {
            int[] rows = state.activeRows();
            if (rows.length == 0) return;
            for (int r : rows) {
                int off = r * d;
                SplittableRandom rng = state.random(r);
                System.arraycopy(adv, off, images, 0, d);
                for (int s = 0; s < samples; s++) {
                    int plus = (1 + 2 * s) * d, minus = plus + d;
                    for (int j = 0; j < d; j++) {
                        byte v = rng.nextBoolean() ? (byte) 1 : (byte) -1;
                        directions[s * d + j] = v;
                        images[plus + j] = adv[off + j] + (float) (delta * v);
                        images[minus + j] = adv[off + j] - (float) (delta * v);
                    }
                }
                float[] logits = state.logitsOfCopies(r, images, copies);
                if (state.earlyStop() && state.goalReached(new int[]{r}, java.util.Arrays.copyOf(images, d), java.util.Arrays.copyOf(logits, classes))[0]) {
                    state.finish(r);
                    continue;
                }
                java.util.Arrays.fill(labels, state.labels()[r]);
                if (targets != null) java.util.Arrays.fill(targets, state.targets()[r]);
                loss.evaluate(logits, copies, classes, labels, targets, l, unused);
                int step = t + 1;
                double b1 = 0.9, b2 = 0.999;
                double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
                for (int j = 0; j < d; j++) {
                    double g = 0;
                    for (int s = 0; s < samples; s++) g += (l[1 + 2 * s] - l[2 + 2 * s]) * directions[s * d + j];
                    g /= 2 * delta * samples;
                    int i = off + j;
                    m1[i] = b1 * m1[i] + (1 - b1) * g;
                    m2[i] = b2 * m2[i] + (1 - b2) * g * g;
                    adv[i] = (float) (adv[i] + lr * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + 1e-8)); // ascent on the loss
                }
                Projections.linfRow(adv, clean, off, d, eps);
                state.countIteration(new int[]{r});
            }
        }
    }
}
