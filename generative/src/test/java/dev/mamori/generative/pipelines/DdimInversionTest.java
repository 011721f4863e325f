package dev.mamori.generative.pipelines;

import dev.mamori.generative.TinyModels;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DdimInversionTest {

    /** Latent -> noise -> latent with DDIM (eta 0, 50 steps, guidance 1) comes back close; the noise is not the latent. */
    @Test
    void invertsALatentAndRegeneratesItClosely() {
        LatentDiffusionModel m = TinyModels.model(4);
        DdimInversion inv = new DdimInversion(m, null);
        INDArray images = RandomArrays.uniform(new SplittableRandom(1), 0, 1, 2, 3, 16, 16);
        INDArray x0 = inv.encode(images);
        assertThat(x0.shape()).containsExactly(2, 4, 4, 4);
        List<String> prompts = List.of("red square", "green triangle");
        INDArray xT = inv.invert(x0, prompts, 50, 1);
        INDArray back = inv.regenerate(xT, prompts, 50, 1);
        double err = rms(back.sub(x0)) / rms(x0);
        assertThat(err).as("relative RMS error of the round trip").isLessThan(0.02);
        assertThat(rms(xT.sub(x0)) / rms(x0)).as("the inverted noise differs from the latent").isGreaterThan(0.5);
        assertThat(inv.regenerate(xT, prompts, 50, 1).equalsWithEps(back, 0)).as("deterministic").isTrue();
        assertThat(inv.decode(back).shape()).containsExactly(2, 3, 16, 16);
    }

    private static double rms(INDArray a) {
        return Math.sqrt(a.mul(a).meanNumber().doubleValue());
    }
}
