package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * DDPM's forward process is a Markov chain x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps_t (Ho et al. 2020, eq. 2);
 * its marginal q(x_t | x_0) is the closed form addNoise uses, N(sqrt(a_t) x_0, (1 - a_t) I) (eq. 4).
 */
class ForwardProcessClosedFormTest {

    /** The chain's coefficient of x_0 and its noise variance, carried step by step, equal sqrt(a_t) and 1 - a_t at every t. */
    @Test
    void theChainsMarginalIsTheClosedFormAtEveryStep() {
        for (NoiseSchedule s : new NoiseSchedule[]{NoiseSchedule.ddpm(), NoiseSchedule.stableDiffusion()}) {
            double[] betas = s.betas(), a = s.alphasCumprod();
            double coef = 1, variance = 0;
            for (int t = 0; t < betas.length; t++) {
                coef *= Math.sqrt(1 - betas[t]);
                variance = (1 - betas[t]) * variance + betas[t];
                assertThat(coef).as("x0 coefficient at " + t).isCloseTo(Math.sqrt(a[t]), within(1e-12));
                assertThat(variance).as("noise variance at " + t).isCloseTo(1 - a[t], within(1e-12));
            }
        }
    }

    /** Simulated: 20,000 chains run step by step to t have the mean and variance of addNoise's samples at t. */
    @Test
    void simulatedChainsMatchAddNoiseInDistribution() {
        NoiseSchedule s = NoiseSchedule.ddpm();
        int n = 20_000, t = 300;
        SplittableRandom rng = new SplittableRandom(7);
        INDArray x0 = RandomArrays.normal(rng, 0.7, 0, n);                  // every chain starts at x0 = 0.7
        INDArray x = x0.dup();
        double[] betas = s.betas();
        for (int k = 0; k <= t; k++) x = x.mul(Math.sqrt(1 - betas[k])).add(RandomArrays.normal(rng, 0, 1, n).mul(Math.sqrt(betas[k])));
        INDArray closed = s.addNoise(Tensor.of(x0.reshape(n, 1)), Tensor.of(RandomArrays.normal(rng, 0, 1, n, 1)), t).value();
        double a = s.alphaCumprod(t);
        assertThat(x.meanNumber().doubleValue()).isCloseTo(0.7 * Math.sqrt(a), within(0.02));
        assertThat(closed.meanNumber().doubleValue()).isCloseTo(0.7 * Math.sqrt(a), within(0.02));
        assertThat(x.varNumber().doubleValue()).isCloseTo(1 - a, within(0.03));
        assertThat(closed.varNumber().doubleValue()).isCloseTo(1 - a, within(0.03));
    }
}
