package dev.mamori.generative.pipelines;

import dev.mamori.generative.schedulers.TimestepSpacing;

/**
 * How to sample: the sampler, its number of steps, timestep spacing and eta (DDIM), the classifier-free guidance scale
 * (1: conditional only, one UNet pass per step; above 1: two passes), the seed, and how many images run through the
 * UNet at once. Image i of a call uses noise drawn from (seed, i) only, so the batch size never changes an image.
 *
 * @param sampler   DDIM or DDPM
 * @param steps     DDIM steps (Stable Diffusion: 50)
 * @param spacing   DDIM timestep spacing
 * @param eta       DDIM eta in [0, 1]
 * @param guidance  classifier-free guidance scale s >= 1 (Ho & Salimans 2022 with s = 1 + w)
 * @param seed      the seed of the initial noise (and of DDPM/DDIM-eta noise)
 * @param batchSize images per UNet batch
 */
public record GenerationOptions(Sampler sampler, int steps, TimestepSpacing spacing, double eta, double guidance, long seed, int batchSize) {
    public GenerationOptions {
        if (sampler == null || spacing == null) throw new IllegalArgumentException("sampler and spacing must be given");
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
        if (!(guidance >= 1) || !Double.isFinite(guidance)) throw new IllegalArgumentException("guidance scale must be >= 1, got " + guidance);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }

    /** DDIM, 50 steps, leading spacing, eta 0, guidance 5, seed 0, 32 images per batch. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(Sampler.DDIM, 50, TimestepSpacing.LEADING, 0, 5, 0, 32);
    }

    public GenerationOptions withSteps(int s) { return new GenerationOptions(sampler, s, spacing, eta, guidance, seed, batchSize); }
    public GenerationOptions withGuidance(double g) { return new GenerationOptions(sampler, steps, spacing, eta, g, seed, batchSize); }
    public GenerationOptions withSeed(long s) { return new GenerationOptions(sampler, steps, spacing, eta, guidance, s, batchSize); }
    public GenerationOptions withEta(double e) { return new GenerationOptions(sampler, steps, spacing, e, guidance, seed, batchSize); }
    public GenerationOptions withSampler(Sampler s) { return new GenerationOptions(s, steps, spacing, eta, guidance, seed, batchSize); }
    public GenerationOptions withSpacing(TimestepSpacing s) { return new GenerationOptions(sampler, steps, s, eta, guidance, seed, batchSize); }
    public GenerationOptions withBatchSize(int b) { return new GenerationOptions(sampler, steps, spacing, eta, guidance, seed, b); }
}
