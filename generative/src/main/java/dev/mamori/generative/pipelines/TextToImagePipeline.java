package dev.mamori.generative.pipelines;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Text to latents to image (latent diffusion, Rombach et al. 2022, arXiv 2112.10752; Stable Diffusion's
 * StableDiffusionPipeline): encode the prompts, draw the initial latents from N(0, I), denoise them with the UNet under
 * classifier-free guidance step by step with DDIM or ancestral DDPM, divide by the VAE's scaling factor and decode.
 * Image i of a call starts from noise seeded by (seed, i) and draws its sampler noise from the same stream, so an image
 * is the same whatever the batch it runs in. No tape: sampling needs no gradients (see {@link DdimInversion} for the
 * way back).
 */
public final class TextToImagePipeline {
    private final LatentDiffusionModel model;
    private final PromptEncoder prompts;
    private final boolean progress;

    /** Truncation warnings go to {@code warnings}; {@code progress} shows a progress bar over the denoising steps. */
    public TextToImagePipeline(LatentDiffusionModel model, Consumer<String> warnings, boolean progress) {
        this.model = model.eval();
        this.prompts = new PromptEncoder(model.tokenizer(), model.textEncoder(), warnings);
        this.progress = progress;
    }

    /** Generated images [N, 3, H, W] in [0, 1], their final (unscaled) latents and the wall time. */
    public record Generation(INDArray images, INDArray latents, double seconds) {}

    /** One image per prompt. */
    public Generation generate(List<String> promptTexts, GenerationOptions o) {
        return generate(promptTexts, null, o);
    }

    /**
     * One image per prompt under a spatial condition per prompt, [N, k, h, w] at the latent size, for a UNet with k
     * extra input channels (null for a text-only model).
     */
    public Generation generate(List<String> promptTexts, INDArray conditions, GenerationOptions o) {
        int k = model.conditionChannels();
        long[] ls = model.latentShape();
        if (k == 0 && conditions != null) throw new IllegalArgumentException("this model takes no spatial condition");
        if (k > 0 && (conditions == null || conditions.rank() != 4 || conditions.size(0) != promptTexts.size() || conditions.size(1) != k
                || conditions.size(2) != ls[1] || conditions.size(3) != ls[2])) {
            throw new IllegalArgumentException("this model needs a spatial condition [" + promptTexts.size() + ", " + k + ", " + ls[1] + ", " + ls[2]
                    + "] (one per prompt, at the latent size), got " + (conditions == null ? "none" : java.util.Arrays.toString(conditions.shape())));
        }
        long t0 = System.nanoTime();
        INDArray uncond = MemoryScope.outside(prompts::unconditional);
        GuidedDenoiser denoiser = new GuidedDenoiser(model.unet(), uncond);
        List<INDArray> images = new ArrayList<>(), latents = new ArrayList<>();
        int n = promptTexts.size();
        long stepsPerImage = DenoisingLoop.of(model).stepsPerImage(o);
        try (Progress bar = progress ? Progress.start("sampling", (long) n * stepsPerImage) : Progress.silent("sampling", (long) n * stepsPerImage)) {
            for (int start = 0; start < n; start += o.batchSize()) {
                int end = Math.min(n, start + o.batchSize());
                List<String> chunk = promptTexts.subList(start, end);
                INDArray context = MemoryScope.outside(() -> prompts.encode(chunk));
                SplittableRandom[] streams = new SplittableRandom[end - start];
                for (int i = start; i < end; i++) streams[i - start] = new SplittableRandom(Stochastic.mix(o.seed(), i));
                INDArray spatial = conditions == null ? null : conditions.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end)).dup();
                INDArray z = denoise(initialNoise(streams), spatial, context, denoiser, o, streams, bar);
                latents.add(z);
                images.add(decode(z));
            }
        } finally {
            MemoryScope.release("sample");
        }
        return new Generation(Nd4j.concat(0, images.toArray(INDArray[]::new)), Nd4j.concat(0, latents.toArray(INDArray[]::new)),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Each stream's N(0, I) latent, stacked [B, C, h, w]. */
    INDArray initialNoise(SplittableRandom[] streams) {
        return DenoisingLoop.of(model).noise(streams);
    }

    /** The sampling loop from x_T to x_0 (scaled latents), without a tape. */
    INDArray denoise(INDArray xT, INDArray context, GuidedDenoiser denoiser, GenerationOptions o, SplittableRandom[] streams, Progress bar) {
        return denoise(xT, null, context, denoiser, o, streams, bar);
    }

    /** The sampling loop under a spatial condition [B, k, h, w] (null: none). */
    INDArray denoise(INDArray xT, INDArray spatial, INDArray context, GuidedDenoiser denoiser, GenerationOptions o, SplittableRandom[] streams, Progress bar) {
        return DenoisingLoop.of(model).denoise(xT, spatial, context, denoiser, o, streams, bar);
    }

    /** Scaled latents [B, C, h, w] to images [B, 3, H, W] in [0, 1]. */
    public INDArray decode(INDArray scaledLatents) {
        try (MemoryScope ignored = MemoryScope.open("sample"); GradMode.Scope off = GradMode.noGrad()) {
            INDArray img = model.vae().decode(Tensor.of(scaledLatents.div(model.vae().scalingFactor()))).value();
            return MemoryScope.keep(Transforms.min(Transforms.max(img.add(1).muli(0.5), 0, false), 1, false));
        }
    }

    public LatentDiffusionModel model() {
        return model;
    }
}
