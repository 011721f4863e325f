package dev.mamori.generative.schedulers;

/** How beta_t grows over the training timesteps (diffusers' beta_schedule). */
public enum BetaSchedule {
    /** beta_t = linspace(beta_start, beta_end, T) (DDPM: 1e-4 to 0.02). */
    LINEAR,
    /** beta_t = linspace(sqrt(beta_start), sqrt(beta_end), T)^2 (latent diffusion / Stable Diffusion: 0.00085 to 0.012). */
    SCALED_LINEAR;

    /** The T betas from start to end. */
    double[] betas(int steps, double start, double end) {
        double[] b = new double[steps];
        boolean scaled = this == SCALED_LINEAR;
        double lo = scaled ? Math.sqrt(start) : start, hi = scaled ? Math.sqrt(end) : end;
        for (int i = 0; i < steps; i++) {
            double v = steps == 1 ? lo : lo + (hi - lo) * i / (steps - 1);
            b[i] = scaled ? v * v : v;
        }
        return b;
    }
}
