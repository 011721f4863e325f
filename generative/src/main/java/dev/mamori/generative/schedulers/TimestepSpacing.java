package dev.mamori.generative.schedulers;

/**
 * Which training timesteps a sampler with fewer inference steps visits (diffusers' timestep_spacing; Lin et al. 2024,
 * "Common Diffusion Noise Schedules and Sample Steps are Flawed", arXiv 2305.08891, table 2). Rounding is numpy's
 * (half to even).
 */
public enum TimestepSpacing {
    /** (arange(n) * (T // n)) reversed, plus steps_offset: Stable Diffusion's (with offset 1: 981, 961, ..., 1 for n = 50). */
    LEADING,
    /** round(arange(T, 0, -T / n)) - 1: starts at the last timestep T - 1. */
    TRAILING,
    /** round(linspace(0, T - 1, n)) reversed. */
    LINSPACE;

    long[] timesteps(int trainSteps, int n, int offset) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = switch (this) {
                case LEADING -> (long) (n - 1 - i) * (trainSteps / n) + offset;
                case TRAILING -> (long) Math.rint(trainSteps - i * ((double) trainSteps / n)) - 1;
                case LINSPACE -> (long) Math.rint(n == 1 ? 0 : (double) (trainSteps - 1) * (n - 1 - i) / (n - 1));
            };
        }
        return t;
    }
}
