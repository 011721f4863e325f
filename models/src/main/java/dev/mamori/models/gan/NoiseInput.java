package dev.mamori.models.gan;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * Where a synthesis network's per-pixel noise comes from (StyleGAN, Karras et al. 2019, arXiv 1812.04948, section 3.2;
 * stylegan2-ada's noise_mode). Randomness is an argument, never hidden state: a training step passes its own
 * {@code context::normal}, generation a seeded generator, and evaluations that must be deterministic {@link #NONE}.
 */
@FunctionalInterface
public interface NoiseInput {
    /** No noise (stylegan2-ada's noise_mode='none'): the generator is then a deterministic function of its styles. */
    NoiseInput NONE = shape -> null;

    /** N(0, 1) float32 noise of this shape ([B, 1, H, W]), or null for none. */
    INDArray draw(long... shape);

    /** Noise from a seeded generator. */
    static NoiseInput seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return shape -> GanArrays.normal(random, shape);
    }
}
