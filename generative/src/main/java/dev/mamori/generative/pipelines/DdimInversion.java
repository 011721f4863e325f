package dev.mamori.generative.pipelines;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.generative.schedulers.DdimScheduler;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Image -> latent -> noise and back (DDIM inversion: Song et al. 2021, arXiv 2010.02502, section 4.3; Mokady et al.
 * 2023, "Null-text Inversion", arXiv 2211.09794, section 3): the VAE's posterior mean (times the scaling factor) is the
 * clean latent x_0; the deterministic DDIM step run backwards over the same timesteps, from the least noisy up, gives
 * the x_T that regenerates it; {@link #regenerate} runs DDIM with eta 0 from x_T down again. Each inverse step
 * evaluates the UNet at the current latent with the target timestep (diffusers' DDIMInverseScheduler), so the round
 * trip is close but not exact; guidance 1 keeps it closest (Mokady et al.'s observation). Used for editing, image to
 * image, purification and membership tests.
 */
public final class DdimInversion {
    private final TextToImagePipeline pipeline;
    private final PromptEncoder prompts;

    public DdimInversion(LatentDiffusionModel model, Consumer<String> warnings) {
        this.pipeline = new TextToImagePipeline(model, warnings, false);
        this.prompts = new PromptEncoder(model.tokenizer(), model.textEncoder(), warnings);
    }

    private LatentDiffusionModel model() {
        return pipeline.model();
    }

    /** Images [B, 3, H, W] in [0, 1] -> scaled latents x_0 [B, C, h, w] (posterior means). */
    public INDArray encode(INDArray images) {
        try (MemoryScope ignored = MemoryScope.open("invert"); GradMode.Scope off = GradMode.noGrad()) {
            Tensor x = Tensor.of(images.mul(2).subi(1));
            return MemoryScope.keep(model().vae().encode(x).mean().value().mul(model().vae().scalingFactor()));
        } finally {
            MemoryScope.release("invert");
        }
    }

    /** The sampler both directions use: DDIM with {@code steps} steps, leading spacing, a_prev = 1 past the end. */
    public DdimScheduler scheduler(int steps) {
        return DdimScheduler.builder(model().schedule()).steps(steps).prediction(model().prediction()).build();
    }

    /** x_0 (scaled latents) -> x_T under the prompts' conditioning with guidance scale {@code guidance}. */
    public INDArray invert(INDArray latents, List<String> promptTexts, int steps, double guidance) {
        if (latents.size(0) != promptTexts.size()) throw new IllegalArgumentException(latents.size(0) + " latents but " + promptTexts.size() + " prompts");
        INDArray uncond = MemoryScope.outside(prompts::unconditional);
        INDArray context = MemoryScope.outside(() -> prompts.encode(promptTexts));
        GuidedDenoiser denoiser = new GuidedDenoiser(model().unet(), uncond);
        DdimScheduler ddim = scheduler(steps);
        long[] ts = ddim.timesteps();
        INDArray x = latents.dup();
        try {
            for (int i = ts.length - 1; i >= 0; i--) {
                long t = ts[i];
                try (MemoryScope ignored = MemoryScope.open("invert"); GradMode.Scope off = GradMode.noGrad()) {
                    Tensor out = denoiser.predict(Tensor.of(x), t, context, guidance);
                    x = MemoryScope.keep(ddim.invert(out, t, Tensor.of(x)).value());
                }
            }
        } finally {
            MemoryScope.release("invert");
        }
        return x;
    }

    /** x_T -> x_0 (scaled latents) with DDIM eta 0 over the same timesteps. */
    public INDArray regenerate(INDArray noise, List<String> promptTexts, int steps, double guidance) {
        if (noise.size(0) != promptTexts.size()) throw new IllegalArgumentException(noise.size(0) + " latents but " + promptTexts.size() + " prompts");
        INDArray uncond = MemoryScope.outside(prompts::unconditional);
        INDArray context = MemoryScope.outside(() -> prompts.encode(promptTexts));
        GenerationOptions o = GenerationOptions.defaults().withSteps(steps).withGuidance(guidance).withEta(0).withBatchSize((int) noise.size(0));
        try {
            return pipeline.denoise(noise, context, new GuidedDenoiser(model().unet(), uncond), o, new SplittableRandom[(int) noise.size(0)],
                    Progress.silent("regenerate", 0));
        } finally {
            MemoryScope.release("sample");
        }
    }

    /** Scaled latents to images in [0, 1]. */
    public INDArray decode(INDArray latents) {
        return pipeline.decode(latents);
    }
}
