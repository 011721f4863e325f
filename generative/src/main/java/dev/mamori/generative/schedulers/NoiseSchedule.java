package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;

/**
 * The forward (noising) process of a diffusion model: T betas, a_t = prod_{s <= t} (1 - beta_s), and the closed-form
 * relations between x_0, x_t, eps and v at a timestep (DDPM, Ho et al. 2020, arXiv 2006.11239, eq. 4 and eq. 15;
 * Salimans & Ho 2022, arXiv 2202.00512, section 4). Both samplers ({@link DdpmScheduler}, {@link DdimScheduler})
 * share one. Timesteps index a_t directly (0-based), one per batch row or one for all rows.
 *
 * @param betaSchedule      how beta grows from {@code betaStart} to {@code betaEnd}
 * @param betaStart         beta_0
 * @param betaEnd           beta_{T-1}
 * @param numTrainTimesteps T, the number of training timesteps
 */
public record NoiseSchedule(BetaSchedule betaSchedule, double betaStart, double betaEnd, int numTrainTimesteps) {

    public NoiseSchedule {
        if (betaSchedule == null) throw new IllegalArgumentException("beta schedule must be given");
        if (!(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1)) {
            throw new IllegalArgumentException("betas must satisfy 0 < beta_start <= beta_end < 1, got " + betaStart + " and " + betaEnd);
        }
        if (numTrainTimesteps < 1) throw new IllegalArgumentException("num_train_timesteps must be >= 1, got " + numTrainTimesteps);
    }

    /** DDPM's schedule: linear betas from 1e-4 to 0.02 over 1000 steps. */
    public static NoiseSchedule ddpm() {
        return new NoiseSchedule(BetaSchedule.LINEAR, 1e-4, 0.02, 1000);
    }

    /** Latent diffusion's (Stable Diffusion's): scaled-linear betas from 0.00085 to 0.012 over 1000 steps. */
    public static NoiseSchedule stableDiffusion() {
        return new NoiseSchedule(BetaSchedule.SCALED_LINEAR, 0.00085, 0.012, 1000);
    }

    /** beta_t for t in [0, T). */
    public double[] betas() {
        return betaSchedule.betas(numTrainTimesteps, betaStart, betaEnd);
    }

    /** a_t = prod_{s <= t} (1 - beta_s) for t in [0, T), in float64. */
    public double[] alphasCumprod() {
        double[] b = betas(), a = new double[b.length];
        double prod = 1;
        for (int i = 0; i < b.length; i++) a[i] = prod *= 1 - b[i];
        return a;
    }

    /** a_t of one timestep. */
    public double alphaCumprod(long t) {
        return alphasCumprod(new long[]{t})[0];
    }

    /** a_t for each timestep. */
    double[] alphasCumprod(long[] t) {
        double[] all = alphasCumprod(), out = new double[t.length];
        for (int i = 0; i < t.length; i++) out[i] = all[Math.toIntExact(checkTimestep(t[i]))];
        return out;
    }

    long checkTimestep(long t) {
        if (t < 0 || t >= numTrainTimesteps) {
            throw new IllegalArgumentException("timestep " + t + " outside [0, " + numTrainTimesteps + ")");
        }
        return t;
    }

    /** x_t = sqrt(a_t) x_0 + sqrt(1 - a_t) noise (eq. 4): a training input at timesteps t (one per row, or one). */
    public Tensor addNoise(Tensor x0, Tensor noise, long... t) {
        double[] a = alphasCumprod(PerRow.timesteps(t, x0.size(0)));
        return x0.mul(PerRow.of(PerRow.map(a, Math::sqrt), x0)).add(noise.mul(PerRow.of(PerRow.map(a, v -> Math.sqrt(1 - v)), noise)));
    }

    /** The velocity target v = sqrt(a_t) noise - sqrt(1 - a_t) x_0 (diffusers' get_velocity). */
    public Tensor velocity(Tensor x0, Tensor noise, long... t) {
        double[] a = alphasCumprod(PerRow.timesteps(t, x0.size(0)));
        return noise.mul(PerRow.of(PerRow.map(a, Math::sqrt), noise)).sub(x0.mul(PerRow.of(PerRow.map(a, v -> Math.sqrt(1 - v)), x0)));
    }

    /** The predicted x_0 from a model output of the given type at sample x_t (eq. 15 for eps). */
    public Tensor originalSample(PredictionType type, Tensor modelOutput, Tensor sample, long... t) {
        return originalSample(type, modelOutput, sample, alphasCumprod(PerRow.timesteps(t, sample.size(0))));
    }

    /** The predicted noise eps from a model output of the given type at sample x_t. */
    public Tensor epsilon(PredictionType type, Tensor modelOutput, Tensor sample, long... t) {
        return epsilon(type, modelOutput, sample, alphasCumprod(PerRow.timesteps(t, sample.size(0))));
    }

    /** The velocity an epsilon prediction implies: sqrt(a_t) eps - sqrt(1 - a_t) x0_hat, x0_hat from eq. 15. */
    public Tensor velocityFromEpsilon(Tensor epsilon, Tensor sample, long... t) {
        double[] a = alphasCumprod(PerRow.timesteps(t, sample.size(0)));
        Tensor x0 = originalSample(PredictionType.EPSILON, epsilon, sample, a);
        return epsilon.mul(PerRow.of(PerRow.map(a, Math::sqrt), epsilon)).sub(x0.mul(PerRow.of(PerRow.map(a, v -> Math.sqrt(1 - v)), x0)));
    }

    /** x_0 given per-row a_t: (x - sqrt(1 - a) eps) / sqrt(a), or sqrt(a) x - sqrt(1 - a) v. */
    static Tensor originalSample(PredictionType type, Tensor modelOutput, Tensor sample, double[] a) {
        Tensor sqrtA = PerRow.of(PerRow.map(a, Math::sqrt), sample), sqrtB = PerRow.of(PerRow.map(a, v -> Math.sqrt(1 - v)), sample);
        return switch (type) {
            case EPSILON -> sample.sub(modelOutput.mul(sqrtB)).div(sqrtA);
            case V_PREDICTION -> sample.mul(sqrtA).sub(modelOutput.mul(sqrtB));
        };
    }

    /** eps given per-row a_t: the model output itself, or sqrt(a) v + sqrt(1 - a) x. */
    static Tensor epsilon(PredictionType type, Tensor modelOutput, Tensor sample, double[] a) {
        return switch (type) {
            case EPSILON -> modelOutput;
            case V_PREDICTION -> modelOutput.mul(PerRow.of(PerRow.map(a, Math::sqrt), sample))
                    .add(sample.mul(PerRow.of(PerRow.map(a, v -> Math.sqrt(1 - v)), sample)));
        };
    }
}
