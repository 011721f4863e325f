package dev.mamori.nn.distributions;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradCheck;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.NnTesting;
import dev.mamori.nn.layers.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static dev.mamori.nn.NnTesting.uniform;
import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The VAE posterior: reparametrized samples, the KL divergence against N(0, I), clamping, float64 gradients. */
class DiagonalGaussianDistributionTest {

    @Test
    void gradientsOfSampleAndKlPassGradCheck() {
        INDArray moments = uniform(1, -2, 2, 2, 4, 3, 3), noise = uniform(2, -1, 1, 2, 2, 3, 3);
        GradCheck.Result sample = GradCheck.check(v -> new DiagonalGaussianDistribution(v.get(0)).sample(Tensor.of(noise)), List.of(moments), 1e-6, 1e-7, 1e-5, 3);
        assertThat(sample.passed()).as("sample: " + sample).isTrue();
        GradCheck.Result kl = GradCheck.check(v -> new DiagonalGaussianDistribution(v.get(0)).kl(), List.of(moments), 1e-6, 1e-7, 1e-5, 4);
        assertThat(kl.passed()).as("kl: " + kl).isTrue();
    }

    @Test
    void float32AgreesWithFloat64() {
        INDArray noise = uniform(5, -1, 1, 2, 2, 3, 3);
        // one output carrying both the sample and the per-sample KL, so one check covers both gradients
        Activation posterior = Activation.lambda("posterior", x -> {
            DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(x);
            return q.sample(Tensor.of(noise.castTo(x.dataType()))).add(q.kl().reshape(2, 1, 1, 1));
        });
        NnTesting.assertFloat32AgreesWithFloat64("DiagonalGaussianDistribution", posterior, v -> posterior.call(v.get(0)), uniform(6, -2, 2, 2, 4, 3, 3));
    }

    @Test
    void klMatchesTheClosedFormAndVanishesAtTheStandardNormal() {
        INDArray moments = uniform(3, -1, 1, 2, 2, 2, 2);
        DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(Tensor.of(moments));
        double[] m = values(moments);
        for (int b = 0; b < 2; b++) {
            double want = 0;
            for (int i = 0; i < 4; i++) {
                double mu = m[b * 8 + i], lv = m[b * 8 + 4 + i];
                want += 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
            }
            assertThat(q.kl().value().getDouble(b)).isCloseTo(want, within(1e-12));
        }
        assertThat(q.klLoss().item()).isCloseTo((q.kl().value().getDouble(0) + q.kl().value().getDouble(1)) / 2, within(1e-12));
        assertThat(new DiagonalGaussianDistribution(Tensor.of(Nd4j.zeros(DataType.DOUBLE, 3, 4, 2, 2))).kl().value().sumNumber().doubleValue()).isEqualTo(0.0);
        assertThat(q.mode().value()).isEqualTo(q.mean().value());
    }

    @Test
    void clampedLogVarianceHasNoGradient() {
        INDArray moments = Nd4j.createFromArray(0.3, -0.2, -35.0, 25.0).reshape(1, 2, 1, 2); // mean [0.3, -0.2], logvar [-35, 25]
        Tensor v = Tensor.variable(moments);
        DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(v);
        assertThat(values(q.logvar().value())).containsExactly(-30, 20);
        INDArray g = Autograd.grad(q.klLoss(), v);
        assertThat(values(g)).containsExactly(0.3, -0.2, 0, 0);
    }

    @Test
    void samplesHaveTheMeanAndStandardDeviation() {
        INDArray moments = Nd4j.zeros(DataType.FLOAT, 1, 2, 100, 100);
        moments.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(1.5);                 // mean 1.5
        moments.get(NDArrayIndex.all(), NDArrayIndex.point(1)).assign(2 * Math.log(0.5));   // std 0.5
        Tensor z = new DiagonalGaussianDistribution(Tensor.of(moments)).sample(Nd4j.getRandomFactory().getNewRandomInstance(5));
        assertThat(z.shape()).containsExactly(1, 1, 100, 100);
        assertThat(z.value().meanNumber().doubleValue()).isCloseTo(1.5, within(0.03));   // 6 sigma of the mean of 10^4 draws
        assertThat(z.value().stdNumber().doubleValue()).isCloseTo(0.5, within(0.03));
        assertThatThrownBy(() -> new DiagonalGaussianDistribution(Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 3, 2, 2))))
                .hasMessageContaining("even channel count");
    }
}
