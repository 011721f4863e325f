package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The forward process: betas, a_t, add_noise against its closed form, the v/eps/x0 relations and their gradients. */
class NoiseScheduleTest {
    static INDArray gaussian(long seed, long... shape) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(shape).castTo(DataType.DOUBLE);
    }

    @Test
    void betasAndCumulativeProducts() {
        NoiseSchedule ddpm = NoiseSchedule.ddpm();
        double[] b = ddpm.betas(), a = ddpm.alphasCumprod();
        assertThat(b).hasSize(1000);
        assertThat(b[0]).isEqualTo(1e-4, within(1e-15));
        assertThat(b[999]).isEqualTo(0.02, within(1e-15));
        assertThat(b[500] - b[499]).isCloseTo((0.02 - 1e-4) / 999, within(1e-15));
        assertThat(a[0]).isEqualTo(1 - 1e-4, within(1e-15));
        assertThat(a[2]).isCloseTo((1 - b[0]) * (1 - b[1]) * (1 - b[2]), within(1e-15));
        for (int t = 1; t < 1000; t++) assertThat(a[t]).isLessThan(a[t - 1]);
        double[] sd = NoiseSchedule.stableDiffusion().betas();
        assertThat(Math.sqrt(sd[500]) - Math.sqrt(sd[499])).isCloseTo((Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999, within(1e-12));
        assertThatThrownBy(() -> new NoiseSchedule(BetaSchedule.LINEAR, 0.02, 1e-4, 1000)).hasMessageContaining("beta_start <= beta_end");
        assertThatThrownBy(() -> ddpm.alphaCumprod(1000)).hasMessageContaining("timestep 1000 outside [0, 1000)");
    }

    @Test
    void addNoiseMatchesItsClosedFormRowByRow() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion();
        INDArray x0 = gaussian(1, 3, 2, 4, 4), noise = gaussian(2, 3, 2, 4, 4);
        long[] t = {0, 417, 999};
        INDArray xt = s.addNoise(Tensor.of(x0), Tensor.of(noise), t).value();
        double[] a = s.alphasCumprod();
        for (int row = 0; row < 3; row++) {
            double ca = Math.sqrt(a[(int) t[row]]), cb = Math.sqrt(1 - a[(int) t[row]]);
            for (long i = 0; i < 32; i++) {
                long[] idx = {row, i / 16, (i / 4) % 4, i % 4};
                assertThat(xt.getDouble(idx)).isCloseTo(ca * x0.getDouble(idx) + cb * noise.getDouble(idx), within(1e-12));
            }
        }
        // one timestep broadcasts over the batch; per-row timesteps must match the batch
        INDArray all = s.addNoise(Tensor.of(x0), Tensor.of(noise), 417).value();
        INDArray row1 = s.addNoise(Tensor.of(x0), Tensor.of(noise), t).value().slice(1);
        assertThat(all.slice(1).equalsWithEps(row1, 0)).isTrue();
        assertThatThrownBy(() -> s.addNoise(Tensor.of(x0), Tensor.of(noise), 1, 2)).hasMessageContaining("2 timesteps for a batch of 3");
    }

    @Test
    void velocityAndEpsilonConversionsInvertEachOther() {
        NoiseSchedule s = NoiseSchedule.ddpm();
        Tensor x0 = Tensor.of(gaussian(3, 2, 3, 5)), noise = Tensor.of(gaussian(4, 2, 3, 5));
        long[] t = {10, 900};
        Tensor xt = s.addNoise(x0, noise, t);
        Tensor v = s.velocity(x0, noise, t);
        assertClose(s.originalSample(PredictionType.V_PREDICTION, v, xt, t), x0);
        assertClose(s.epsilon(PredictionType.V_PREDICTION, v, xt, t), noise);
        assertClose(s.originalSample(PredictionType.EPSILON, noise, xt, t), x0);
        assertClose(s.epsilon(PredictionType.EPSILON, noise, xt, t), noise);
        assertClose(s.velocityFromEpsilon(noise, xt, t), v);
    }

    @Test
    void gradientsFlowThroughAddNoise() {
        NoiseSchedule s = NoiseSchedule.ddpm();
        Tensor x0 = Tensor.variable(gaussian(5, 2, 3)), noise = Tensor.variable(gaussian(6, 2, 3));
        long[] t = {3, 700};
        java.util.List<INDArray> g = Autograd.grad(s.addNoise(x0, noise, t).sum(), java.util.List.of(x0, noise));
        for (int row = 0; row < 2; row++) {
            double a = s.alphaCumprod(t[row]);
            assertThat(g.get(0).getDouble(row, 1)).isCloseTo(Math.sqrt(a), within(1e-12));
            assertThat(g.get(1).getDouble(row, 1)).isCloseTo(Math.sqrt(1 - a), within(1e-12));
        }
    }

    static void assertClose(Tensor got, Tensor want) {
        assertThat(got.shape()).containsExactly(want.shape());
        double diff = got.value().sub(want.value()).amaxNumber().doubleValue();
        assertThat(diff).isLessThan(1e-9);
    }
}
