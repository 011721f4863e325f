package dev.mamori.generative.pipelines;

/** Which scheduler a pipeline samples with. */
public enum Sampler {
    /** DDIM (Song et al. 2021) over a spaced subset of timesteps, eta 0 deterministic. */
    DDIM,
    /** Ancestral DDPM (Ho et al. 2020) over every training timestep (the step count is ignored). */
    DDPM
}
