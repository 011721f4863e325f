package dev.mamori.generative.pipelines;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.generative.schedulers.DdimScheduler;
import dev.mamori.generative.schedulers.DdpmScheduler;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.nn.util.Progress;
import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The sampling loop of a latent diffusion model from x_T to x_0 (scaled latents), without a tape: DDIM (Song et al.
 * 2021) over a spaced subset of timesteps, or ancestral DDPM (Ho et al. 2020) over all of them, each step one guided
 * UNet evaluation ({@link GuidedDenoiser}). Whatever the context is (a prompt's text states, an encrypted image's
 * tokens), image i draws its initial noise and its sampler noise from its own stream, so that it is the same whatever
 * the batch it runs in.
 *
 * @param schedule    the forward process the UNet was trained on
 * @param prediction  what the UNet predicts
 * @param latentShape one image's latent shape [C, h, w]
 */
public record DenoisingLoop(NoiseSchedule schedule, PredictionType prediction, long[] latentShape) {

    /** The loop of a text-to-image model. */
    public static DenoisingLoop of(LatentDiffusionModel model) {
        return new DenoisingLoop(model.schedule(), model.prediction(), model.latentShape());
    }

    /** Each stream's N(0, I) latent, stacked [B, C, h, w]. */
    public INDArray noise(SplittableRandom[] streams) {
        INDArray[] parts = new INDArray[streams.length];
        for (int i = 0; i < streams.length; i++) parts[i] = RandomArrays.normal(streams[i], 0, 1, 1, latentShape[0], latentShape[1], latentShape[2]);
        return Nd4j.concat(0, parts);
    }

    /** The loop from {@code xT} under the context [B, L, D] and a spatial condition [B, k, h, w] (null: none). */
    public INDArray denoise(INDArray xT, INDArray spatial, INDArray context, GuidedDenoiser denoiser, GenerationOptions o, SplittableRandom[] streams,
                            Progress bar) {
        INDArray x = xT;
        if (o.sampler() == Sampler.DDPM) {
            DdpmScheduler ddpm = new DdpmScheduler(schedule, prediction);
            for (long t : ddpm.timesteps()) {
                INDArray z = t > 0 ? noise(streams) : null;
                try (MemoryScope ignored = MemoryScope.open("sample"); GradMode.Scope off = GradMode.noGrad()) {
                    Tensor out = denoiser.predict(Tensor.of(x), spatial, t, context, o.guidance());
                    x = MemoryScope.keep(ddpm.step(out, t, Tensor.of(x), z == null ? null : Tensor.of(z)).prevSample().value());
                }
                bar.step(streams.length);
            }
            return x;
        }
        DdimScheduler ddim = DdimScheduler.builder(schedule).steps(o.steps()).spacing(o.spacing()).prediction(prediction).build();
        for (long t : ddim.timesteps()) {
            INDArray z = o.eta() > 0 ? noise(streams) : null;
            try (MemoryScope ignored = MemoryScope.open("sample"); GradMode.Scope off = GradMode.noGrad()) {
                Tensor out = denoiser.predict(Tensor.of(x), spatial, t, context, o.guidance());
                x = MemoryScope.keep(ddim.step(out, new long[]{t}, Tensor.of(x), o.eta(), z == null ? null : Tensor.of(z)).prevSample().value());
            }
            bar.step(streams.length);
        }
        return x;
    }

    /** The number of UNet evaluations (guided or not) per image. */
    public long stepsPerImage(GenerationOptions o) {
        return o.sampler() == Sampler.DDPM ? schedule.numTrainTimesteps() : o.steps();
    }
}
