package dev.mamori.generative.schedulers;

/** What the denoising network predicts from (x_t, t) (diffusers' prediction_type). */
public enum PredictionType {
    /** The noise eps that was added (DDPM, Ho et al. 2020, eq. 11; Stable Diffusion 1.x). */
    EPSILON,
    /** The velocity v = sqrt(a_t) eps - sqrt(1 - a_t) x_0 (Salimans & Ho 2022, arXiv 2202.00512, section 4; Stable Diffusion 2 at 768 px). */
    V_PREDICTION
}
