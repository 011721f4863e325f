package dev.mamori.models.diffusion;

/**
 * Which states of a UNet's way down its way up concatenates (Ronneberger et al. 2015's skip connections, in two
 * layouts).
 */
public enum SkipConnections {
    /**
     * diffusers' UNet2DConditionModel and Stable Diffusion: conv_in's output, every resnet (or attention) output and
     * every downsampler's output; each up level has layers_per_block + 1 resnets, each taking one.
     */
    EVERY_LAYER,
    /**
     * One state per level, its last output before downsampling, taken by the first resnet of the matching up level,
     * which has layers_per_block resnets: the compact UNet of the benchmark suite's {@code unet} case.
     */
    PER_LEVEL
}
