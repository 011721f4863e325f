package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.generative.schedulers.NoiseScheduleTest.assertClose;
import static dev.mamori.generative.schedulers.NoiseScheduleTest.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ancestral DDPM steps: the exact model recovers x0, the last step adds no noise, the posterior is eq. 7's. */
class DdpmSchedulerTest {

    @Test
    void anExactNoisePredictionRecoversTheCleanSample() {
        DdpmScheduler ddpm = DdpmScheduler.of(NoiseSchedule.ddpm());
        Tensor x0 = Tensor.of(gaussian(1, 2, 3, 4)), eps = Tensor.of(gaussian(2, 2, 3, 4));
        long[] t = {250, 999};
        Tensor xt = ddpm.schedule().addNoise(x0, eps, t);
        DdpmStep step = ddpm.step(eps, t, xt, Tensor.of(gaussian(3, 2, 3, 4)));
        assertClose(step.predOriginalSample(), x0);
        // the posterior q(x_{t-1} | x_t, x_0) of eq. 7 is centred between x_0 and x_t; with x_0 exact it is
        // sqrt(a_{t-1}) x_0 + sqrt(1 - a_{t-1} - beta_tilde) eps (the same posterior written through eps)
        double[] a = ddpm.schedule().alphasCumprod();
        for (int row = 0; row < 2; row++) {
            int ti = (int) t[row];
            double var = step.variance().value().getDouble(row);
            assertThat(var).isCloseTo((1 - a[ti - 1]) / (1 - a[ti]) * ddpm.schedule().betas()[ti], org.assertj.core.api.Assertions.within(1e-15));
            INDArray want = x0.value().slice(row).mul(Math.sqrt(a[ti - 1])).add(eps.value().slice(row).mul(Math.sqrt(1 - a[ti - 1] - var)));
            assertThat(step.mean().value().slice(row).sub(want).amaxNumber().doubleValue()).isLessThan(1e-9);
        }
    }

    @Test
    void theLastStepReturnsTheMeanAndNeedsNoNoise() {
        DdpmScheduler ddpm = DdpmScheduler.of(NoiseSchedule.stableDiffusion());
        Tensor x = Tensor.of(gaussian(4, 2, 5)), out = Tensor.of(gaussian(5, 2, 5));
        DdpmStep last = ddpm.step(out, 0, x, null);
        assertThat(last.prevSample().value()).isEqualTo(last.mean().value());
        assertThat(ddpm.timesteps()).startsWith(999, 998).endsWith(1, 0).hasSize(1000);
        assertThatThrownBy(() -> ddpm.step(out, 5, x, null)).hasMessageContaining("needs noise");
    }
}
