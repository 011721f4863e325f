package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.sketch2photo.Sketch2PhotoConfig;
import dev.mamori.methods.sketch2photo.Sketch2PhotoExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run sketch2photo}: text-guided sketch-to-photo (METHODS.md item 9), trained on colour emoji, tested on hand-drawn line art. */
@Command(name = "sketch2photo", mixinStandardHelpOptions = true,
        description = {"Text-guided sketch-to-photo (METHODS.md item 9): train a latent diffusion model on the colour OpenMoji training emoji with"
                + " each image's standardized edge map beside the noisy latent and its caption by cross-attention (CLIP pair and autoencoder once,"
                + " 3 UNet seeds), then draw photos from OpenMoji's hand-drawn line art of held-out emoji with and without edge standardization"
                + " and with no sketch; measure SSIM, PSNR, edge agreement with the sketch and prompt faithfulness against the colour ground truth"
                + " (paired intervals) and write one report with grids and the claims' verdicts.",
                "Default run: about an hour on 2 shared cores; --quick: a smaller run of about 20 minutes (its numbers are labelled as such)."})
final class Sketch2PhotoCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (over the defaults or the --quick settings).")
    Path config;

    @Option(names = "--quick", description = "Fewer training images, epochs, test sketches and sampling steps.")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/sketch2photo-<time>); must not hold a run already.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR with its stored config: finished stages"
            + " (CLIP pair, autoencoder, judge, each UNet) and measured (model, test condition) pairs are not redone.")
    Path resume;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Sketch2PhotoConfig cfg = Sketch2PhotoConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT);
        Path source = config;
        if (resume != null) {
            if (config != null || quick) throw new IllegalArgumentException("--resume takes the run's config from " + RunDirectory.configFile(resume)
                    + "; leave out -c and --quick");
            if (out != null) throw new IllegalArgumentException("--out: a resumed run stays in its directory " + resume);
            RunDirectory.storedConfig(resume);
            source = RunDirectory.configFile(resume);
        }
        cfg = ExperimentRuns.checkedConfig(cfg, source, Sketch2PhotoConfig::validate);
        PrintWriter stdout = spec.commandLine().getOut();
        if (ExperimentRuns.printedConfig(printConfig, cfg, stdout)) return 0;
        Path dir = resume != null ? resume : out != null ? out : ExperimentConfig.defaultRunDirectory("sketch2photo");
        Sketch2PhotoExperiment.Result r;
        try (RunDirectory run = Configs.openRun(dir, cfg, resume != null, Set.of("checkpointEverySeconds"), Map.of())) {
            if (run.resumed()) System.err.println("resuming the sketch2photo run in " + dir);
            r = Sketch2PhotoExperiment.run(cfg, run, System.err);
        }
        ExperimentRuns.printOutcome(stdout, "sketch2photo", r.seconds(), r.claims(), r.report().html());
        return 0;
    }
}
