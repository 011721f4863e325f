package dev.mamori.methods.attacks;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class AttackLossesTest {
    private static final int C = 6;

    @Test
    void crossEntropyValuesByHand() {
        float[] z = {1, 2, 3, 0, 0, 0};
        double[] loss = new double[1];
        float[] grad = new float[C];
        AttackLosses.crossEntropy().evaluate(z, 1, C, new int[]{2}, null, loss, grad);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + 3);
        assertThat(loss[0]).isCloseTo(lse - 3, offset(1e-12));
        assertThat((double) grad[2]).isCloseTo(Math.exp(3 - lse) - 1, offset(1e-7));
        AttackLosses.crossEntropy().evaluate(z, 1, C, new int[]{2}, new int[]{0}, loss, grad);
        assertThat(loss[0]).as("targeted: -CE(target)").isCloseTo(-(lse - 1), offset(1e-12));
    }

    @Test
    void dlrValuesByHand() {
        float[] z = {5, 4, 1, 0, -1, -2}; // sorted: 5, 4, 1, 0 ...
        double[] loss = new double[1];
        float[] grad = new float[C];
        AttackLosses.dlr().evaluate(z, 1, C, new int[]{0}, null, loss, grad);
        assertThat(loss[0]).as("-(z_y - max other) / (z1 - z3)").isCloseTo(-(5 - 4) / (5.0 - 1), offset(1e-9));
        AttackLosses.dlr().evaluate(z, 1, C, new int[]{0}, new int[]{4}, loss, grad);
        assertThat(loss[0]).as("targeted: -(z_y - z_t) / (z1 - (z3 + z4) / 2)").isCloseTo(-(5 - -1) / (5 - 0.5), offset(1e-9));
    }

    @Test
    void marginIsCappedAtKappa() {
        float[] z = {0, 3, 1, 0, 0, 0};
        double[] loss = new double[1];
        float[] grad = new float[C];
        AttackLosses.margin(Double.POSITIVE_INFINITY).evaluate(z, 1, C, new int[]{2}, null, loss, grad);
        assertThat(loss[0]).isEqualTo(2.0); // max other (3) - z_y (1)
        assertThat(grad).containsExactly(0, 1, -1, 0, 0, 0);
        AttackLosses.margin(0.5).evaluate(z, 1, C, new int[]{2}, null, loss, grad);
        assertThat(loss[0]).isEqualTo(0.5);
        assertThat(grad).containsOnly(0f);
        AttackLosses.margin(0).evaluate(z, 1, C, new int[]{2}, new int[]{4}, loss, grad);
        assertThat(loss[0]).as("targeted: z_t - max other, capped at 0").isEqualTo(-3.0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        AttackLoss[] losses = {AttackLosses.crossEntropy(), AttackLosses.dlr(), AttackLosses.margin(Double.POSITIVE_INFINITY)};
        for (AttackLoss loss : losses) {
            for (boolean targeted : new boolean[]{false, true}) {
                int n = 4;
                float[] z = new float[n * C];
                for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * 3);
                int[] labels = {0, 1, 2, 3};
                int[] targets = targeted ? new int[]{5, 4, 0, 1} : null;
                double[] l = new double[n];
                float[] g = new float[n * C];
                loss.evaluate(z, n, C, labels, targets, l, g);
                for (int i = 0; i < z.length; i++) {
                    double h = 1e-2;
                    float[] up = z.clone(), down = z.clone();
                    up[i] += (float) h;
                    down[i] -= (float) h;
                    double[] lu = new double[n], ld = new double[n];
                    loss.evaluate(up, n, C, labels, targets, lu, new float[n * C]);
                    loss.evaluate(down, n, C, labels, targets, ld, new float[n * C]);
                    double numeric = (lu[i / C] - ld[i / C]) / (2 * h);
                    assertThat((double) g[i]).as(loss.name() + (targeted ? " targeted" : "") + " d/dz[" + i + "]")
                            .isCloseTo(numeric, offset(2e-3 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    @Test
    void dlrNeedsEnoughClasses() {
        assertThatThrownBy(() -> AttackLosses.dlr().evaluate(new float[2], 1, 2, new int[]{0}, null, new double[1], new float[2]))
                .hasMessageContaining("at least 3 classes");
        assertThatThrownBy(() -> AttackLosses.dlr().evaluate(new float[3], 1, 3, new int[]{0}, new int[]{1}, new double[1], new float[3]))
                .hasMessageContaining("at least 4 classes");
    }
}
