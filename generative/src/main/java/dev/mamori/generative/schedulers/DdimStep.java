package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;

/**
 * One DDIM step from x_t to x_{t_prev}.
 *
 * @param predOriginalSample x0_hat (eq. 12's "predicted x_0"), like the sample
 * @param predEpsilon        the noise the step assumes, like the sample
 * @param variance           sigma_t^2 / eta^2 = (1 - a_prev) / (1 - a_t) (1 - a_t / a_prev) per row [B] (eq. 16)
 * @param stdDev             sigma_t = eta sqrt(variance) per row [B]
 * @param prevSample         x_{t_prev}, like the sample
 */
public record DdimStep(Tensor predOriginalSample, Tensor predEpsilon, Tensor variance, Tensor stdDev, Tensor prevSample) {}
