package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;

/**
 * Ancestral sampling of DDPM (Ho et al. 2020, arXiv 2006.11239, algorithm 2) over every training timestep, as
 * diffusers' DDPMScheduler.step with variance "fixed_small" and no clipping of x0_hat: from x_t and the model output,
 * x0_hat (eq. 15), the posterior mean mu_tilde = sqrt(a_{t-1}) beta_t / (1 - a_t) x0_hat
 * + sqrt(alpha_t) (1 - a_{t-1}) / (1 - a_t) x_t and variance beta_tilde_t = (1 - a_{t-1}) / (1 - a_t) beta_t (eq. 7,
 * with alpha_t = a_t / a_{t-1}, beta_t = 1 - alpha_t, a_{-1} = 1), then x_{t-1} = mu_tilde + sqrt(beta_tilde_t) z.
 * Stateless: the noise z is an argument.
 *
 * @param schedule   the forward process
 * @param prediction what the network predicts
 */
public record DdpmScheduler(NoiseSchedule schedule, PredictionType prediction) {
    private static final double MIN_VARIANCE = 1e-20;

    public DdpmScheduler {
        if (schedule == null || prediction == null) throw new IllegalArgumentException("DDPM needs a noise schedule and a prediction type");
    }

    /** An epsilon-predicting DDPM sampler on the schedule. */
    public static DdpmScheduler of(NoiseSchedule schedule) {
        return new DdpmScheduler(schedule, PredictionType.EPSILON);
    }

    /** The sampling order: T-1, T-2, ..., 0. */
    public long[] timesteps() {
        int n = schedule.numTrainTimesteps();
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = n - 1 - i;
        return t;
    }

    /**
     * One step from x_t ({@code sample}) with the model's output at t, per row (or one t for all rows). {@code noise}
     * (standard normal, like the sample) may be null only when every t is 0.
     */
    public DdpmStep step(Tensor modelOutput, long[] t, Tensor sample, Tensor noise) {
        long[] ts = PerRow.timesteps(t, sample.size(0));
        int b = ts.length;
        double[] a = schedule.alphasCumprod(ts);
        double[] all = schedule.alphasCumprod();
        double[] x0Coef = new double[b], sampleCoef = new double[b], variance = new double[b], noiseScale = new double[b];
        boolean anyNoise = false;
        for (int i = 0; i < b; i++) {
            double aPrev = ts[i] > 0 ? all[(int) ts[i] - 1] : 1.0;
            double betaProd = 1 - a[i], betaProdPrev = 1 - aPrev;
            double alpha = a[i] / aPrev, beta = 1 - alpha;
            x0Coef[i] = Math.sqrt(aPrev) * beta / betaProd;
            sampleCoef[i] = Math.sqrt(alpha) * betaProdPrev / betaProd;
            variance[i] = Math.max(betaProdPrev / betaProd * beta, MIN_VARIANCE);
            noiseScale[i] = ts[i] > 0 ? Math.sqrt(variance[i]) : 0;
            anyNoise |= ts[i] > 0;
        }
        Tensor x0 = NoiseSchedule.originalSample(prediction, modelOutput, sample, a);
        Tensor mean = x0.mul(PerRow.of(x0Coef, sample)).add(sample.mul(PerRow.of(sampleCoef, sample)));
        Tensor prev = mean;
        if (anyNoise) {
            if (noise == null) throw new IllegalArgumentException("DDPM step at t > 0 needs noise");
            prev = mean.add(noise.mul(PerRow.of(noiseScale, noise)));
        }
        return new DdpmStep(x0, mean, PerRow.vector(variance, sample), prev);
    }

    /** One step at the same timestep t for every row. */
    public DdpmStep step(Tensor modelOutput, long t, Tensor sample, Tensor noise) {
        return step(modelOutput, new long[]{t}, sample, noise);
    }
}
