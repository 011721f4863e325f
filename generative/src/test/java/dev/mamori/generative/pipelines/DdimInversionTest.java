package dev.mamori.generative.pipelines;

import dev.mamori.generative.TinyModels;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inversion loop's wiring (timestep order, the cumulative alphas at both ends, guidance 1). How closely a trained
 * model's round trip comes back is measured in {@code OverfitOneCaptionedImageTest}: an untrained UNet's prediction
 * is not the noise of its input, and DDIM's inversion is then far off near t = T (the step divides by sqrt(a_T) ~ 0.07).
 */
class DdimInversionTest {

    /**
     * With a UNet that predicts zero noise every DDIM step only rescales, so inversion must end exactly at
     * sqrt(a_T) x_0 (a_T at the first sampling timestep) and sampling from there must give x_0 back; eta 0 is deterministic.
     */
    @Test
    void invertsAndRegeneratesExactlyWhenThePredictionIsZero() {
        LatentDiffusionModel m = TinyModels.model(4);
        m.unet().namedParameters().get("conv_out.weight").value().assign(0);
        m.unet().namedParameters().get("conv_out.bias").value().assign(0);
        DdimInversion inv = new DdimInversion(m, null);
        INDArray images = RandomArrays.uniform(new SplittableRandom(1), 0, 1, 2, 3, 16, 16);
        INDArray x0 = inv.encode(images);
        assertThat(x0.shape()).containsExactly(2, 4, 4, 4);
        List<String> prompts = List.of("red square", "green triangle");
        INDArray xT = inv.invert(x0, prompts, 20, 1);
        double aT = m.schedule().alphaCumprod(inv.scheduler(20).timesteps()[0]);
        assertThat(rms(xT.sub(x0.mul(Math.sqrt(aT)))) / rms(x0)).as("x_T = sqrt(a_T) x_0").isLessThan(1e-4);
        INDArray back = inv.regenerate(xT, prompts, 20, 1);
        assertThat(rms(back.sub(x0)) / rms(x0)).as("relative RMS error of the round trip").isLessThan(1e-4);
        assertThat(inv.regenerate(xT, prompts, 20, 1).equalsWithEps(back, 0)).as("deterministic").isTrue();
        assertThat(inv.decode(back).shape()).containsExactly(2, 3, 16, 16);
    }

    static double rms(INDArray a) {
        return Math.sqrt(a.mul(a).meanNumber().doubleValue());
    }
}
