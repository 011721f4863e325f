package dev.mamori.cli;

import dev.mamori.methods.diffusion.DiffusionConfig;
import dev.mamori.methods.diffusion.DiffusionEvaluation;
import dev.mamori.methods.diffusion.DiffusionRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori train diffusion}: the latent diffusion model on captioned images, then its measurements. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"Train a latent diffusion model (CLIP-style text/image pair, KL autoencoder, text-conditioned UNet) on the captioned"
                + " emoji-category images at 32x32 (latents 8x8x4), with EMA, progress, checkpoints and exact resume; then measure it"
                + " (VAE PSNR/SSIM, prompt faithfulness against an independent classifier at guidance 1 and 5, FID-style and CLIP-style"
                + " scores, seconds per step and per image) and write report.html and sample grids. The model is saved as a"
                + " diffusers-style folder <out>/pipeline (mamori generate --model <out>/pipeline).",
                "Default run: about an hour of training on 2 cores (plus the judge classifier and the sampling); --quick: a few minutes."})
final class TrainDiffusionCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return options.execute("diffusion", DiffusionConfig::of, DiffusionConfig::validate, Set.of("checkpointEverySeconds"), DiffusionRun::run,
                spec.commandLine().getOut(), (r, out) -> {
                    out.printf("latent diffusion finished in %.1f minutes%n", r.seconds() / 60);
                    DiffusionEvaluation.Result e = r.evaluation();
                    out.printf("VAE on held-out images: PSNR %.2f dB, SSIM %.3f%n", e.psnr().value(), e.ssim().value());
                    for (DiffusionEvaluation.AtGuidance g : e.guided()) {
                        out.printf("guidance %.1f: the judge agrees with the prompt's category on %.1f%% of %d held-out prompts (95%% CI %.1f-%.1f%%)%n",
                                g.guidance(), 100 * g.agreement().value(), g.agreement().trials(), 100 * g.agreement().wilson().lower(),
                                100 * g.agreement().wilson().upper());
                    }
                    out.println("model: " + r.pipeline());
                    out.println("report: " + r.report().html());
                });
    }
}
