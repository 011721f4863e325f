package dev.mamori.methods.attacks;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectionsTest {
    private static final int D = 50;

    @Test
    void linfProjectionIsExactInDoubleAndKeepsPixelsInTheBox() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] budgets = {8 / 255.0, 0.1, 0.3, 1e-3, 0.0};
        for (double eps : budgets) {
            float[] clean = randomImages(rng, 20);
            float[] adv = new float[clean.length];
            for (int i = 0; i < adv.length; i++) adv[i] = (float) (clean[i] + (rng.nextDouble() * 4 - 2) * eps + rng.nextGaussian() * 0.01);
            Projections.linf(adv, clean, 20, D, eps);
            for (int r = 0; r < 20; r++) assertThat(Norm.LINF.of(adv, clean, r, D)).isLessThanOrEqualTo(eps);
            for (float v : adv) assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void linfProjectionCorrectsFloatRoundingAtTheBoundary() {
        // 0.001f + 0.1 rounds to a float whose distance from 0.001f exceeds 0.1 in double; the bound must move inwards
        float x = 0.001f;
        double eps = 0.1;
        float naive = (float) (x + eps);
        assertThat((double) naive - x).as("the rounding case this test is about").isGreaterThan(eps);
        float[] adv = {1f};
        Projections.linf(adv, new float[]{x}, 1, 1, eps);
        assertThat((double) adv[0] - x).isLessThanOrEqualTo(eps).isGreaterThan(eps - 1e-7);
    }

    @Test
    void linfProjectionKeepsPointsInsideUnchangedAndReplacesNaN() {
        float[] clean = {0.2f, 0.5f, 0.9f};
        float[] adv = {0.25f, Float.NaN, 0.95f};
        Projections.linf(adv, clean, 1, 3, 0.1);
        assertThat(adv).containsExactly(0.25f, 0.5f, 0.95f);
    }

    @Test
    void l2ProjectionScalesDownToTheBudgetExactly() {
        SplittableRandom rng = new SplittableRandom(2);
        for (double eps : new double[]{0.5, 1.0, 2.0, 1e-4}) {
            float[] clean = randomImages(rng, 20);
            float[] adv = new float[clean.length];
            for (int i = 0; i < adv.length; i++) adv[i] = (float) (clean[i] + rng.nextGaussian() * eps);
            float[] before = adv.clone();
            Projections.l2(adv, clean, 20, D, eps);
            for (int r = 0; r < 20; r++) {
                assertThat(Norm.L2.of(adv, clean, r, D)).isLessThanOrEqualTo(eps);
                // the direction is kept where no pixel was clamped: adv - clean is parallel to before - clean
                double dot = 0, a = 0, b = 0;
                boolean clamped = false;
                for (int j = r * D; j < (r + 1) * D; j++) {
                    double u = adv[j] - clean[j], v = before[j] - clean[j];
                    dot += u * v;
                    a += u * u;
                    b += v * v;
                    clamped |= before[j] < 0 || before[j] > 1;
                }
                if (!clamped && a > 0) assertThat(dot / Math.sqrt(a * b)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
            for (float v : adv) assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void l2ProjectionLeavesSmallPerturbationsAlone() {
        float[] clean = {0.5f, 0.5f};
        float[] adv = {0.6f, 0.4f};
        Projections.l2(adv, clean, 1, 2, 1.0);
        assertThat(adv).containsExactly(0.6f, 0.4f);
        Projections.l2(adv, clean, 1, 2, 0.1);
        assertThat(Norm.L2.of(adv, clean, 0, 2)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6)).isLessThanOrEqualTo(0.1);
        assertThat(adv[0] - 0.5f).isCloseTo(0.5f - adv[1], org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void rejectsInvalidBudgets() {
        assertThatThrownBy(() -> Projections.linf(new float[1], new float[1], 1, 1, -0.1)).hasMessageContaining("eps").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> Projections.l2(new float[1], new float[1], 1, 1, Double.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void normParsing() {
        assertThat(Norm.parse("Linf")).isEqualTo(Norm.LINF);
        assertThat(Norm.parse(" inf ")).isEqualTo(Norm.LINF);
        assertThat(Norm.parse("L2")).isEqualTo(Norm.L2);
        assertThatThrownBy(() -> Norm.parse("l1")).hasMessageContaining("'l1'");
    }

    private static float[] randomImages(SplittableRandom rng, int n) {
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(4) == 0 ? (rng.nextBoolean() ? 0f : 1f) : (float) rng.nextDouble();
        return x;
    }
}
