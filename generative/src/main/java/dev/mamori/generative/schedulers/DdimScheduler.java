package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;

/**
 * DDIM sampling (Song et al. 2021, "Denoising Diffusion Implicit Models", arXiv 2010.02502) over a subsequence of
 * {@code numInferenceSteps} training timesteps, as diffusers' DDIMScheduler.step without clipping or thresholding:
 * x_{t_prev} = sqrt(a_prev) x0_hat + sqrt(1 - a_prev - sigma_t^2) eps_hat + sigma_t z (eq. 12) with
 * sigma_t = eta sqrt((1 - a_prev) / (1 - a_t) (1 - a_t / a_prev)) (eq. 16): eta = 0 is the deterministic sampler
 * (and the ODE that {@link #invert} runs backwards), eta = 1 is DDPM's variance. t_prev = t - T // n; where it is
 * negative a_prev is 1 ({@code setAlphaToOne}) or a_0 (Stable Diffusion). Stateless: noise is an argument.
 *
 * @param schedule          the forward process
 * @param numInferenceSteps n, the number of sampling steps
 * @param spacing           which timesteps are visited
 * @param stepsOffset       added to every timestep with {@link TimestepSpacing#LEADING} spacing
 * @param setAlphaToOne     a_prev past the last step: 1 (true) or a_0 (false)
 * @param prediction        what the network predicts
 */
public record DdimScheduler(NoiseSchedule schedule, int numInferenceSteps, TimestepSpacing spacing, int stepsOffset,
                            boolean setAlphaToOne, PredictionType prediction) {

    public DdimScheduler {
        if (schedule == null || spacing == null || prediction == null) throw new IllegalArgumentException("DDIM needs a schedule, a spacing and a prediction type");
        if (numInferenceSteps < 1 || numInferenceSteps > schedule.numTrainTimesteps()) {
            throw new IllegalArgumentException("num_inference_steps must be in [1, " + schedule.numTrainTimesteps() + "], got " + numInferenceSteps);
        }
        for (long t : spacing.timesteps(schedule.numTrainTimesteps(), numInferenceSteps, stepsOffset)) schedule.checkTimestep(t);
    }

    /** Options with diffusers' DDIMScheduler defaults: 50 steps, leading spacing, offset 0, a_prev = 1 at the end, epsilon. */
    public static final class Builder {
        private final NoiseSchedule schedule;
        private int steps = 50, stepsOffset = 0;
        private TimestepSpacing spacing = TimestepSpacing.LEADING;
        private boolean setAlphaToOne = true;
        private PredictionType prediction = PredictionType.EPSILON;

        private Builder(NoiseSchedule schedule) {
            this.schedule = schedule;
        }

        public Builder steps(int n) { this.steps = n; return this; }
        public Builder spacing(TimestepSpacing s) { this.spacing = s; return this; }
        public Builder stepsOffset(int o) { this.stepsOffset = o; return this; }
        public Builder setAlphaToOne(boolean on) { this.setAlphaToOne = on; return this; }
        public Builder prediction(PredictionType p) { this.prediction = p; return this; }

        public DdimScheduler build() {
            return new DdimScheduler(schedule, steps, spacing, stepsOffset, setAlphaToOne, prediction);
        }
    }

    public static Builder builder(NoiseSchedule schedule) {
        return new Builder(schedule);
    }

    /** Stable Diffusion's DDIM configuration: scaled-linear schedule, leading spacing with offset 1, a_prev = a_0 at the end. */
    public static DdimScheduler stableDiffusion(int steps) {
        return builder(NoiseSchedule.stableDiffusion()).steps(steps).stepsOffset(1).setAlphaToOne(false).build();
    }

    /** The timesteps visited, from the noisiest. */
    public long[] timesteps() {
        return spacing.timesteps(schedule.numTrainTimesteps(), numInferenceSteps, stepsOffset);
    }

    /** The timestep one step after t: t - T // n (negative past the end). */
    public long previousTimestep(long t) {
        return t - schedule.numTrainTimesteps() / numInferenceSteps;
    }

    /**
     * One step from x_t ({@code sample}) with the model's output at t, per row (or one t for all rows).
     * {@code eta} in [0, 1]; {@code noise} (standard normal, like the sample) is used, and required, only when eta > 0.
     */
    public DdimStep step(Tensor modelOutput, long[] t, Tensor sample, double eta, Tensor noise) {
        if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("DDIM eta must be in [0, 1], got " + eta);
        if (eta > 0 && noise == null) throw new IllegalArgumentException("DDIM with eta " + eta + " > 0 needs noise");
        long[] ts = PerRow.timesteps(t, sample.size(0));
        int b = ts.length;
        double[] a = schedule.alphasCumprod(ts);
        double[] x0Coef = new double[b], epsCoef = new double[b], variance = new double[b], std = new double[b];
        for (int i = 0; i < b; i++) {
            double aPrev = alphaBefore(ts[i]);
            variance[i] = (1 - aPrev) / (1 - a[i]) * (1 - a[i] / aPrev);
            std[i] = eta * Math.sqrt(variance[i]);
            x0Coef[i] = Math.sqrt(aPrev);
            epsCoef[i] = Math.sqrt(Math.max(0, 1 - aPrev - std[i] * std[i])); // >= 0 for eta <= 1 up to rounding
        }
        Tensor x0 = NoiseSchedule.originalSample(prediction, modelOutput, sample, a);
        Tensor eps = NoiseSchedule.epsilon(prediction, modelOutput, sample, a);
        Tensor prev = x0.mul(PerRow.of(x0Coef, sample)).add(eps.mul(PerRow.of(epsCoef, sample)));
        if (eta > 0) prev = prev.add(noise.mul(PerRow.of(std, noise)));
        return new DdimStep(x0, eps, PerRow.vector(variance, sample), PerRow.vector(std, sample), prev);
    }

    /** The deterministic step (eta = 0) at the same timestep t for every row. */
    public DdimStep step(Tensor modelOutput, long t, Tensor sample) {
        return step(modelOutput, new long[]{t}, sample, 0, null);
    }

    /**
     * DDIM inversion (Song et al. 2021, section 4.3; Mokady et al. 2023, arXiv 2211.09794, eq. 3): the deterministic
     * step run backwards, from x_{t_prev} ({@code sample}, at {@link #previousTimestep}(t)) up to x_t, given the
     * model's output at x_{t_prev}: x_t = sqrt(a_t) x0_hat + sqrt(1 - a_t) eps_hat. It approximates the model output
     * at x_t by the one at x_{t_prev}; with the same output a {@link #step} from x_t returns {@code sample} exactly
     * (up to rounding) for epsilon prediction.
     */
    public Tensor invert(Tensor modelOutput, long[] t, Tensor sample) {
        long[] ts = PerRow.timesteps(t, sample.size(0));
        int b = ts.length;
        double[] aTarget = schedule.alphasCumprod(ts), aFrom = new double[b];
        for (int i = 0; i < b; i++) aFrom[i] = alphaBefore(ts[i]);
        Tensor x0 = NoiseSchedule.originalSample(prediction, modelOutput, sample, aFrom);
        Tensor eps = NoiseSchedule.epsilon(prediction, modelOutput, sample, aFrom);
        return x0.mul(PerRow.of(PerRow.map(aTarget, Math::sqrt), sample))
                .add(eps.mul(PerRow.of(PerRow.map(aTarget, v -> Math.sqrt(1 - v)), sample)));
    }

    /** Inversion to the same timestep t for every row. */
    public Tensor invert(Tensor modelOutput, long t, Tensor sample) {
        return invert(modelOutput, new long[]{t}, sample);
    }

    /** a_prev of the step from t: a at t - T // n, or the final value past the end. */
    private double alphaBefore(long t) {
        long prev = previousTimestep(t);
        if (prev >= 0) return schedule.alphaCumprod(prev);
        return setAlphaToOne ? 1.0 : schedule.alphaCumprod(0);
    }
}
