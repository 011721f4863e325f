package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;

/**
 * One ancestral DDPM step from x_t to x_{t-1}.
 *
 * @param predOriginalSample x0_hat (eq. 15), like the sample
 * @param mean               the posterior mean mu_tilde(x_t, x0_hat) (eq. 7), like the sample
 * @param variance           the posterior variance beta_tilde_t per row [B] (eq. 7; at t = 0 the 1e-20 floor)
 * @param prevSample         x_{t-1} = mean + sqrt(variance) noise (mean at t = 0), like the sample
 */
public record DdpmStep(Tensor predOriginalSample, Tensor mean, Tensor variance, Tensor prevSample) {}
