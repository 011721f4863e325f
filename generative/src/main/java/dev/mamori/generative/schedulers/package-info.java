/**
 * Noise schedulers of diffusion models, kept apart from the networks as diffusers keeps {@code schedulers/} apart from
 * {@code models/}: each is a small stateless object, a configuration record plus pure functions of (timestep,
 * sample, model output, noise), with no network inside and no state that changes between steps, so one scheduler
 * serves training (add noise), sampling (step), inversion and attacks through the sampler alike.
 *
 * <p>Notation (Ho et al. 2020, DDPM, arXiv 2006.11239; Song et al. 2021, DDIM, arXiv 2010.02502), and the names used
 * in the code:
 * <ul>
 *   <li>beta_t: {@link dev.mamori.generative.schedulers.NoiseSchedule#betas()}; a_t = prod_{s <= t} (1 - beta_s)
 *       ("alpha bar"): {@code alphasCumprod}, indexed by the 0-based training timestep t in [0, T).</li>
 *   <li>x_0: the clean sample ({@code originalSample}); x_t = sqrt(a_t) x_0 + sqrt(1 - a_t) eps: {@code addNoise}.</li>
 *   <li>the model predicts eps ({@link dev.mamori.generative.schedulers.PredictionType#EPSILON}) or the velocity
 *       v = sqrt(a_t) eps - sqrt(1 - a_t) x_0 ({@code V_PREDICTION}, Salimans & Ho 2022, arXiv 2202.00512).</li>
 * </ul>
 * Timesteps are given per row of the batch ({@code long[]} of length B, or one value for every row), so a training
 * batch can mix timesteps. Coefficients are computed in float64 and applied to tensors of any type; every operation
 * is an affine function of its tensor arguments on the autograd tape, so gradients pass through a sampling loop.
 */
package dev.mamori.generative.schedulers;
