package dev.mamori.nn.init;

import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.ConvTranspose2d;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** PyTorch's default initializations (bounds and moments), reproducible from Init.seed. */
class InitTest {

    /** All values within +-bound, and the standard deviation of U(-bound, bound) (bound / sqrt 3) within 5%. */
    private static void assertUniform(String what, INDArray a, double bound) {
        double[] v = values(a);
        assertThat(Arrays.stream(v).map(Math::abs).max().orElseThrow()).as(what + " max |w|").isLessThanOrEqualTo(bound);
        double mean = Arrays.stream(v).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
        assertThat(std).as(what + " std").isCloseTo(bound / Math.sqrt(3), within(0.05 * bound / Math.sqrt(3)));
        assertThat(mean).as(what + " mean").isCloseTo(0, within(0.05 * bound));
    }

    @Test
    void linearAndConvolutionWeightsAreUniformWithinOneOverSqrtFanIn() {
        Init.seed(1);
        Linear lin = new Linear(100, 50);
        assertUniform("Linear weight", lin.weight.value(), 1 / Math.sqrt(100));
        assertThat(Arrays.stream(values(lin.bias.value())).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(0.1);
        Conv2d conv = new Conv2d(16, 32, 3);
        assertUniform("Conv2d weight", conv.weight.value(), 1 / Math.sqrt(16 * 9));
        Conv2d grouped = new Conv2d(16, 64, 3, Conv2d.options().groups(4));
        assertUniform("grouped Conv2d weight (fan_in = in/groups * k * k)", grouped.weight.value(), 1 / Math.sqrt(4 * 9));
        ConvTranspose2d deconv = new ConvTranspose2d(32, 16, 3, 2, 1);
        // PyTorch takes fan_in of a transposed convolution from weight dim 1 (out channels) times the kernel area
        assertUniform("ConvTranspose2d weight", deconv.weight.value(), 1 / Math.sqrt(16 * 9));
        assertThat(deconv.weight.shape()).containsExactly(32, 16, 3, 3);
    }

    @Test
    void embeddingIsStandardNormalAndNormsStartAtIdentity() {
        Init.seed(2);
        double[] v = values(new Embedding(100, 100).weight.value());
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
        assertThat(mean).isCloseTo(0, within(0.03));
        assertThat(var).isCloseTo(1, within(0.05));
        long beyond3 = Arrays.stream(v).filter(x -> Math.abs(x) > 3).count(); // 0.27% of a normal sample
        assertThat(beyond3).isBetween(5L, 60L);
        LayerNorm ln = new LayerNorm(5);
        assertThat(values(ln.weight.value())).containsOnly(1.0);
        assertThat(values(ln.bias.value())).containsOnly(0.0);
        BatchNorm2d bn = new BatchNorm2d(3);
        assertThat(values(bn.runningVar.value())).containsOnly(1.0);
        assertThat(values(bn.runningMean.value())).containsOnly(0.0);
    }

    @Test
    void seedMakesInitializationReproducible() {
        Init.seed(42);
        INDArray first = new Linear(8, 4).weight.value().dup();
        INDArray firstEmb = new Embedding(3, 3).weight.value().dup();
        Init.seed(42);
        assertThat(values(new Linear(8, 4).weight.value())).containsExactly(values(first));
        assertThat(values(new Embedding(3, 3).weight.value())).containsExactly(values(firstEmb));
        Init.seed(43);
        assertThat(values(new Linear(8, 4).weight.value())).isNotEqualTo(values(first));
    }

    @Test
    void truncatedNormalStaysInItsBounds() {
        Init.seed(3);
        double[] v = values(Init.truncNormal(0.02, -0.04, 0.04, 1000));
        assertThat(Arrays.stream(v).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(0.04);
        assertThat(Arrays.stream(v).map(Math::abs).max().orElseThrow()).isGreaterThan(0.03);
    }

    /** A shape read from an untrusted config fails with a clear error, never a NegativeArraySizeException or an overflow. */
    @Test
    void negativeAndOverflowingShapesAreIllegalArguments() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Linear(-3, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative size");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Init.uniform(1, 1L << 20, 1L << 12)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 2^31");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Init.zeros(1L << 62, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 2^63");
    }

    @Test
    void aLimitBoundsTheValuesOfTheParametersCreatedInsideIt() {
        try (Init.Limit outer = Init.limit(1000)) {
            new Linear(10, 10); // 110 values
            try (Init.Limit inner = Init.limit(500)) {
                new Linear(10, 20); // 220
                // the weight alone (400) is more than the 280 left: refused before it is allocated
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Linear(20, 20))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 500 values");
            }
            new Linear(30, 20); // 620 of the 670 the outer scope has left
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Linear(10, 10)).hasMessageContaining("more than 1000 values");
        }
        new Linear(100, 100); // outside: no limit
    }
}
