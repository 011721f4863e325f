package dev.mamori.nn.optim;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Learning-rate schedules at their defining points, and gradient clipping by global norm. */
class LrScheduleAndClippingTest {

    @Test
    void constantAndCosine() {
        assertThat(LrSchedule.constant(0.3).lr(1000)).isEqualTo(0.3);
        LrSchedule cos = LrSchedule.cosine(0.1, 0.001, 100);
        assertThat(cos.lr(0)).isCloseTo(0.1, within(1e-15));
        assertThat(cos.lr(50)).isCloseTo((0.1 + 0.001) / 2, within(1e-15));
        assertThat(cos.lr(25)).isCloseTo(0.001 + 0.099 * (1 + Math.cos(Math.PI / 4)) / 2, within(1e-15));
        assertThat(cos.lr(100)).isCloseTo(0.001, within(1e-15));
        assertThat(cos.lr(150)).as("stays at the minimum after the end").isCloseTo(0.001, within(1e-15));
        for (int s = 1; s <= 100; s++) assertThat(cos.lr(s)).isLessThanOrEqualTo(cos.lr(s - 1));
    }

    @Test
    void stepDecay() {
        LrSchedule s = LrSchedule.stepDecay(0.1, 30, 0.1);
        assertThat(s.lr(0)).isEqualTo(0.1);
        assertThat(s.lr(29)).isEqualTo(0.1);
        assertThat(s.lr(30)).isCloseTo(0.01, within(1e-15));
        assertThat(s.lr(89)).isCloseTo(0.001, within(1e-15));
        assertThat(s.lr(90)).isCloseTo(0.0001, within(1e-15));
    }

    @Test
    void oneCyclePeaksAtPctStartAndEndsAtTheFinalValue() {
        // PyTorch OneCycleLR(max_lr=1, total_steps=100, pct_start=0.3, div_factor=25, final_div_factor=1e4)
        LrSchedule s = LrSchedule.oneCycle(1.0, 100);
        assertThat(s.lr(0)).isCloseTo(1.0 / 25, within(1e-15));
        assertThat(s.lr(29)).as("peak at step pct_start * total - 1").isCloseTo(1.0, within(1e-15));
        assertThat(s.lr(99)).isCloseTo(1.0 / 25 / 1e4, within(1e-15));
        for (int t = 1; t <= 29; t++) assertThat(s.lr(t)).isGreaterThan(s.lr(t - 1));
        for (int t = 30; t <= 99; t++) assertThat(s.lr(t)).isLessThan(s.lr(t - 1));
        // halfway up: cosine midpoint of initial and max
        LrSchedule s2 = LrSchedule.oneCycle(2.0, 21, 0.5, 10, 100);
        double up = 0.5 * 21 - 1; // 9.5 steps up
        assertThat(s2.lr(0)).isCloseTo(0.2, within(1e-15));
        assertThat(s2.lr(20)).isCloseTo(0.002, within(1e-15));
        assertThat(s2.lr(5)).isCloseTo(2.0 + (0.2 - 2.0) * (1 + Math.cos(Math.PI * 5 / up)) / 2, within(1e-15));
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        LrSchedule s = LrSchedule.cosine(0.1, 0.0, 10).withWarmup(5);
        assertThat(s.lr(0)).isCloseTo(0.02, within(1e-15));
        assertThat(s.lr(2)).isCloseTo(0.06, within(1e-15));
        assertThat(s.lr(4)).isCloseTo(0.1, within(1e-15));
        assertThat(s.lr(5)).isCloseTo(0.1, within(1e-15));
        assertThat(s.lr(10)).isCloseTo(0.05, within(1e-15));
        assertThat(s.lr(15)).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void clippingScalesAllGradientsByTheGlobalNorm() {
        Tensor a = Tensor.param(Nd4j.zeros(2)), b = Tensor.param(Nd4j.zeros(1)), none = Tensor.param(Nd4j.zeros(3));
        a.setGrad(Nd4j.createFromArray(3.0, 4.0));
        b.setGrad(Nd4j.createFromArray(12.0));
        double norm = GradClipping.clipByNorm(List.of(a, b, none), 6.5);
        assertThat(norm).isCloseTo(13, within(1e-12));
        double scale = 6.5 / (13 + 1e-6);
        assertThat(values(a.grad())).containsExactly(new double[]{3 * scale, 4 * scale}, within(1e-12));
        assertThat(values(b.grad())).containsExactly(new double[]{12 * scale}, within(1e-12));
        assertThat(none.grad()).isNull();
        // below the limit nothing changes
        assertThat(GradClipping.clipByNorm(List.of(a, b), 100)).isCloseTo(6.5, within(1e-5));
        assertThat(values(a.grad())).containsExactly(new double[]{3 * scale, 4 * scale}, within(1e-12));
    }
}
