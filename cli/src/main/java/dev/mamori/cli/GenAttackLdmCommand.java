package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.genattack.ldm.experiment.GenAttackLdmConfig;
import dev.mamori.methods.genattack.ldm.experiment.GenAttackLdmExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run genattack-ldm}: the latent-diffusion attack on learnable image encryption (METHODS.md item 7 (b)). */
@Command(name = "genattack-ldm", mixinStandardHelpOptions = true,
        description = {"The latent-diffusion attack on learnable image encryption (METHODS.md item 7 (b)): a latent diffusion UNet conditioned on"
                + " per-block tokens of the encrypted image, trained with a fresh key per example, against LE, ELE, PE, EtC, grayscale EtC and the"
                + " block-wise shuffle; compared on the same test images and keys with the encrypted image, the inverse-translation U-Net and (with"
                + " ganModel: a `mamori train gan` generator) the StyleGAN encoder attack: PSNR, SSIM, perceptual distance, judge agreement with"
                + " intervals, grids, claims with verdicts; 3 seeds.",
                "Default: about an hour on two shared cores (emoji-faces 32x32). --quick: roughly 15-20 minutes (subsets, tiny budgets; its report"
                        + " says the numbers are not evidence)."})
final class GenAttackLdmCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (applied over the preset).")
    Path config;

    @Option(names = "--quick", description = "The smoke-run version.")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/genattack-ldm-<time>); must not hold a run already.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR with its stored config: the VAE, the judge"
            + " and every finished attack are loaded, an interrupted training continues from its checkpoint; scoring and the report are redone.")
    Path resume;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GenAttackLdmConfig cfg = GenAttackLdmConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT);
        Path source = config;
        if (resume != null) {
            if (config != null || quick) throw new IllegalArgumentException("--resume takes the run's config from "
                    + RunDirectory.configFile(resume) + "; leave out -c and --quick");
            if (out != null) throw new IllegalArgumentException("--out: a resumed run stays in its directory " + resume);
            RunDirectory.storedConfig(resume);
            source = RunDirectory.configFile(resume);
        }
        cfg = ExperimentRuns.checkedConfig(cfg, source, GenAttackLdmConfig::validate);
        PrintWriter stdout = spec.commandLine().getOut();
        if (ExperimentRuns.printedConfig(printConfig, cfg, stdout)) return 0;
        Path dir = resume != null ? resume : out != null ? out : ExperimentConfig.defaultRunDirectory("genattack-ldm");
        GenAttackLdmExperiment.Result r;
        try (RunDirectory run = Configs.openRun(dir, cfg, resume != null, Set.of(), Map.of())) {
            if (run.resumed()) System.err.println("resuming the genattack-ldm run in " + dir);
            r = GenAttackLdmExperiment.run(cfg, run, System.err);
        }
        ExperimentRuns.printOutcome(stdout, "genattack-ldm", r.seconds(), r.claims(), r.report().html());
        return 0;
    }
}
