package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;

import static dev.mamori.generative.schedulers.NoiseScheduleTest.assertClose;
import static dev.mamori.generative.schedulers.NoiseScheduleTest.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DDIM: timestep spacings, determinism at eta 0, inversion, and DDPM as its eta = 1 special case. */
class DdimSchedulerTest {

    @Test
    void timestepSpacings() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion();
        assertThat(DdimScheduler.stableDiffusion(50).timesteps()).hasSize(50).startsWith(981, 961).endsWith(21, 1);
        assertThat(DdimScheduler.builder(s).steps(50).spacing(TimestepSpacing.TRAILING).build().timesteps()).startsWith(999, 979).endsWith(39, 19);
        assertThat(DdimScheduler.builder(s).steps(4).spacing(TimestepSpacing.LINSPACE).build().timesteps()).containsExactly(999, 666, 333, 0);
        assertThat(DdimScheduler.builder(s).steps(3).spacing(TimestepSpacing.TRAILING).build().timesteps()).containsExactly(999, 666, 332);
        assertThat(DdimScheduler.stableDiffusion(50).previousTimestep(981)).isEqualTo(961);
        assertThatThrownBy(() -> DdimScheduler.builder(s).steps(50).stepsOffset(30).build()).hasMessageContaining("timestep 1010 outside");
        assertThatThrownBy(() -> DdimScheduler.builder(s).steps(0).build()).hasMessageContaining("num_inference_steps");
    }

    @Test
    void etaZeroIsDeterministicAndIgnoresNoise() {
        DdimScheduler ddim = DdimScheduler.stableDiffusion(50);
        Tensor x = Tensor.of(gaussian(1, 2, 4, 3, 3)), out = Tensor.of(gaussian(2, 2, 4, 3, 3));
        long[] t = {981, 21};
        DdimStep a = ddim.step(out, t, x, 0, Tensor.of(gaussian(3, 2, 4, 3, 3)));
        DdimStep b = ddim.step(out, t, x, 0, Tensor.of(gaussian(4, 2, 4, 3, 3)));
        DdimStep c = ddim.step(out, t, x, 0, null);
        double[] first = a.prevSample().value().data().asDouble();
        assertThat(b.prevSample().value().data().asDouble()).as("bit for bit").containsExactly(first);
        assertThat(c.prevSample().value().data().asDouble()).containsExactly(first);
        assertThat(a.stdDev().value().sumNumber().doubleValue()).isZero();
        DdimStep noisy = ddim.step(out, t, x, 1, Tensor.of(gaussian(3, 2, 4, 3, 3)));
        assertThat(noisy.prevSample().value()).isNotEqualTo(a.prevSample().value());
        assertThatThrownBy(() -> ddim.step(out, t, x, 0.5, null)).hasMessageContaining("needs noise");
        assertThatThrownBy(() -> ddim.step(out, t, x, 1.5, null)).hasMessageContaining("eta must be in [0, 1]");
    }

    @Test
    void anInversionStepFollowedByAStepReturnsTheSample() {
        for (boolean setAlphaToOne : new boolean[]{false, true}) {
            DdimScheduler ddim = DdimScheduler.builder(NoiseSchedule.stableDiffusion()).steps(50).stepsOffset(1).setAlphaToOne(setAlphaToOne).build();
            Tensor start = Tensor.of(gaussian(5, 3, 4, 4, 4)), eps = Tensor.of(gaussian(6, 3, 4, 4, 4));
            long[] t = {1, 501, 981}; // the first step up from the clean end, a middle one, the last one
            Tensor up = ddim.invert(eps, t, start);
            assertThat(up.value().sub(start.value()).amaxNumber().doubleValue()).as("inversion moves the sample").isGreaterThan(1e-3);
            assertClose(ddim.step(eps, t, up, 0, null).prevSample(), start);
        }
        // float32, as models run: equal up to float32 rounding
        DdimScheduler sd = DdimScheduler.stableDiffusion(50);
        Tensor start = Tensor.of(gaussian(7, 2, 4, 8, 8).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Tensor eps = Tensor.of(gaussian(8, 2, 4, 8, 8).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Tensor back = sd.step(eps, 501, sd.invert(eps, 501, start)).prevSample();
        assertThat(back.value().sub(start.value()).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void etaOneOverEveryTimestepIsDdpm() {
        NoiseSchedule s = NoiseSchedule.ddpm();
        DdimScheduler ddim = DdimScheduler.builder(s).steps(s.numTrainTimesteps()).stepsOffset(0).build();
        DdpmScheduler ddpm = DdpmScheduler.of(s);
        Tensor x = Tensor.of(gaussian(9, 3, 6)), out = Tensor.of(gaussian(10, 3, 6)), z = Tensor.of(gaussian(11, 3, 6));
        long[] t = {1, 300, 999};
        DdimStep a = ddim.step(out, t, x, 1, z);
        DdpmStep b = ddpm.step(out, t, x, z);
        assertClose(a.prevSample(), b.prevSample());
        assertClose(a.stdDev().mul(a.stdDev()), b.variance());
    }

    @Test
    void vPredictionStepsAgreeWithTheEquivalentEpsilonPrediction() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion();
        DdimScheduler eps = DdimScheduler.stableDiffusion(25);
        DdimScheduler v = DdimScheduler.builder(s).steps(25).stepsOffset(1).setAlphaToOne(false).prediction(PredictionType.V_PREDICTION).build();
        Tensor x0 = Tensor.of(gaussian(12, 2, 7)), noise = Tensor.of(gaussian(13, 2, 7));
        long[] t = {961, 41};
        Tensor xt = s.addNoise(x0, noise, t);
        assertClose(v.step(s.velocity(x0, noise, t), t, xt, 0, null).prevSample(), eps.step(noise, t, xt, 0, null).prevSample());
    }
}
