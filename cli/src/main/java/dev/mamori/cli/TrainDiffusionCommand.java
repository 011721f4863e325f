package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.diffusion.DiffusionConfig;
import dev.mamori.methods.diffusion.DiffusionEvaluation;
import dev.mamori.methods.diffusion.DiffusionRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config naming only what it changes over the defaults (or the --quick settings).")
    Path config;

    @Option(names = "--quick", description = "The few-minute smoke run (a subset, tiny epochs): not a usable model.")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/diffusion-<time>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out: finished stages are loaded, the interrupted one resumes from its last checkpoint.")
    boolean resume;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DiffusionConfig cfg = DiffusionConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT);
        if (config != null) cfg = Configs.readOver(config, cfg);
        cfg.validate();
        PrintWriter stdout = spec.commandLine().getOut();
        if (printConfig) {
            stdout.print(Configs.toYaml(cfg));
            stdout.flush();
            return 0;
        }
        if (resume && out == null) throw new IllegalArgumentException("--resume needs --out: the run directory to continue");
        Path dir = out != null ? out : ExperimentConfig.defaultRunDirectory("diffusion");
        Path saved = dir.resolve("config.yaml");
        if (resume) {
            if (!Files.isRegularFile(saved)) throw new IllegalArgumentException("--resume: " + dir + " holds no run (no config.yaml)");
            String now = Configs.toYaml(cfg);
            if (!Files.readString(saved).equals(now)) {
                throw new IllegalArgumentException("--resume: the config differs from the one " + dir + " was started with (" + saved
                        + "); give the same options, or a new --out");
            }
        } else {
            if (Files.isDirectory(dir.resolve("stages")) || Files.isDirectory(dir.resolve("checkpoints"))) {
                throw new IllegalArgumentException(dir + " already holds a run; add --resume to continue it, or choose another --out");
            }
            Files.createDirectories(dir);
            Files.writeString(saved, Configs.toYaml(cfg));
        }
        DiffusionRun.Result r = DiffusionRun.run(cfg, dir, System.err);
        stdout.printf("latent diffusion finished in %.1f minutes%n", r.seconds() / 60);
        DiffusionEvaluation.Result e = r.evaluation();
        stdout.printf("VAE on held-out images: PSNR %.2f dB, SSIM %.3f%n", e.psnr().value(), e.ssim().value());
        for (DiffusionEvaluation.AtGuidance g : e.guided()) {
            stdout.printf("guidance %.1f: the judge agrees with the prompt's category on %.1f%% of %d held-out prompts (95%% CI %.1f-%.1f%%)%n",
                    g.guidance(), 100 * g.agreement().value(), g.agreement().trials(), 100 * g.agreement().wilson().lower(),
                    100 * g.agreement().wilson().upper());
        }
        stdout.println("model: " + r.pipeline());
        stdout.println("report: " + r.report().html());
        stdout.flush();
        return 0;
    }
}
