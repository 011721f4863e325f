package dev.mamori.methods.attacks;

import java.util.Arrays;

/**
 * The objectives of the standard attacks, all written as "maximize":
 * <ul>
 *   <li>{@link #crossEntropy()}: CE(z, y) untargeted (PGD, FGSM, APGD-CE); -CE(z, t) targeted.</li>
 *   <li>{@link #dlr()}: the Difference of Logits Ratio of Croce and Hein (2020), scale invariant:
 *       -(z_y - max_{i != y} z_i) / (z_pi1 - z_pi3) untargeted, -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2)
 *       targeted (pi sorts the logits in decreasing order).</li>
 *   <li>{@link #margin(double)}: the Carlini-Wagner margin min(max_{i != y} z_i - z_y, kappa) untargeted,
 *       min(z_t - max_{i != t} z_i, kappa) targeted; positive once the goal is reached.</li>
 * </ul>
 * Where the logits tie, the gradient goes to the lowest class index (as a sort would pick).
 */
public final class AttackLosses {
    private AttackLosses() {}

    public static AttackLoss crossEntropy() {
        return new CrossEntropy();
    }

    public static AttackLoss dlr() {
        return new Dlr();
    }

    /** The CW margin, capped at kappa (use Double.POSITIVE_INFINITY for the plain margin). */
    public static AttackLoss margin(double kappa) {
        if (!(kappa >= 0)) throw new IllegalArgumentException("margin cap kappa must be >= 0, got " + kappa);
        return new Margin(kappa);
    }

    /** Logit of class {@code c} in row {@code i}. */
    static float at(float[] logits, int classes, int i, int c) {
        return logits[i * classes + c];
    }

    /** The class with the highest logit in row i, other than {@code excluded} (-1 for none). */
    static int argmaxExcluding(float[] logits, int classes, int i, int excluded) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            if (c == excluded) continue;
            float v = logits[i * classes + c];
            if (best < 0 || v > bestValue) {
                best = c;
                bestValue = v;
            }
        }
        return best;
    }

    /** Class indices of row i sorted by decreasing logit (ties: lower index first). */
    static int[] ranking(float[] logits, int classes, int i) {
        Integer[] idx = new Integer[classes];
        for (int c = 0; c < classes; c++) idx[c] = c;
        Arrays.sort(idx, (a, b) -> {
            int cmp = Float.compare(logits[i * classes + b], logits[i * classes + a]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        int[] out = new int[classes];
        for (int c = 0; c < classes; c++) out[c] = idx[c];
        return out;
    }

    private static final class CrossEntropy implements AttackLoss {
        @Override
        public String name() {
            return "ce";
        }

        @Override
        public void evaluate(float[] logits, int n, int classes, int[] labels, int[] targets, double[] loss, float[] grad) {
            double[] p = new double[classes];
            for (int i = 0; i < n; i++) {
                int cls = targets == null ? labels[i] : targets[i];
                double sign = targets == null ? 1 : -1;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) max = Math.max(max, logits[i * classes + c]);
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    p[c] = Math.exp(logits[i * classes + c] - max);
                    sum += p[c];
                }
                double logSum = Math.log(sum) + max;
                loss[i] = sign * (logSum - logits[i * classes + cls]);
                for (int c = 0; c < classes; c++) {
                    double g = p[c] / sum - (c == cls ? 1 : 0);
                    grad[i * classes + c] = (float) (sign * g);
                }
            }
        }
    }

    private static final class Dlr implements AttackLoss {
        @Override
        public String name() {
            return "dlr";
        }

        @Override
        public void evaluate(float[] logits, int n, int classes, int[] labels, int[] targets, double[] loss, float[] grad) {
            int needed = targets == null ? 3 : 4;
            if (classes < needed) {
                throw new IllegalArgumentException((targets == null ? "the DLR loss" : "the targeted DLR loss") + " needs at least "
                        + needed + " classes, the model has " + classes);
            }
            Arrays.fill(grad, 0, n * classes, 0f);
            for (int i = 0; i < n; i++) {
                int y = labels[i];
                int[] rank = ranking(logits, classes, i);
                int other = targets == null ? argmaxExcluding(logits, classes, i, y) : targets[i];
                double numerator = (double) at(logits, classes, i, y) - at(logits, classes, i, other);
                double denominator;
                if (targets == null) {
                    denominator = (double) at(logits, classes, i, rank[0]) - at(logits, classes, i, rank[2]) + 1e-12;
                } else {
                    denominator = at(logits, classes, i, rank[0])
                            - 0.5 * ((double) at(logits, classes, i, rank[2]) + at(logits, classes, i, rank[3])) + 1e-12;
                }
                loss[i] = -numerator / denominator;
                // d(-A/D) = -dA/D + A/D^2 dD
                double[] g = new double[classes];
                g[y] -= 1 / denominator;
                g[other] += 1 / denominator;
                double k = numerator / (denominator * denominator);
                g[rank[0]] += k;
                if (targets == null) {
                    g[rank[2]] -= k;
                } else {
                    g[rank[2]] -= 0.5 * k;
                    g[rank[3]] -= 0.5 * k;
                }
                for (int c = 0; c < classes; c++) grad[i * classes + c] = (float) g[c];
            }
        }
    }

    private record Margin(double kappa) implements AttackLoss {
        @Override
        public String name() {
            return Double.isInfinite(kappa) ? "margin" : "cw-margin(kappa=" + kappa + ")";
        }

        @Override
        public void evaluate(float[] logits, int n, int classes, int[] labels, int[] targets, double[] loss, float[] grad) {
            Arrays.fill(grad, 0, n * classes, 0f);
            for (int i = 0; i < n; i++) {
                int up, down;
                if (targets == null) {
                    down = labels[i];
                    up = argmaxExcluding(logits, classes, i, down);
                } else {
                    up = targets[i];
                    down = argmaxExcluding(logits, classes, i, up);
                }
                double m = (double) at(logits, classes, i, up) - at(logits, classes, i, down);
                if (m < kappa) {
                    loss[i] = m;
                    grad[i * classes + up] = 1f;
                    grad[i * classes + down] = -1f;
                } else {
                    loss[i] = kappa;
                }
            }
        }
    }
}
