package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.genattack.experiment.GenAttackGanConfig;
import dev.mamori.methods.genattack.experiment.GenAttackGanExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run genattack-gan}: the StyleGAN generative attack on learnable image encryption. */
@Command(name = "genattack-gan", mixinStandardHelpOptions = true,
        description = {"Generative attack with StyleGAN (METHODS.md item 7): train a StyleGAN2 on emoji-faces (or take one from 'mamori train gan'),"
                + " then for 3 attack seeds and LE, ELE, PE, EtC, grayscale EtC and block-wise shuffle train a pSp encoder on (encrypted, plain) pairs"
                + " with a fresh key per pair and the U-Net inverse-translation baseline, and judge both against the encrypted images on the same test"
                + " faces encrypted with unseen keys (PSNR, SSIM, our perceptual distance, judge class agreement); for EtC and grayscale EtC, the face"
                + " attributes a classifier trained on plain faces reads from the reconstructions, against chance, the encrypted faces and a classifier"
                + " trained on encrypted faces. One report with grids and the claims' verdicts.",
                "Default run: about 2.5 hours on 2 shared cores (the GAN about one of them; less with ganFile from 'mamori train gan'); --quick:"
                        + " about 20-30 minutes, a GAN that is not a usable generator and small attack budgets (its numbers are not evidence)."})
final class GenAttackGanCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (over the defaults or --quick).")
    Path config;

    @Option(names = "--quick", description = "The 20-30 minute version (3 seeds, small budgets).")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/genattack-gan-<time>); must not hold a run already.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR with its stored config: the generator and"
            + " judge are not trained again (an interrupted GAN continues from its checkpoint), finished (seed, scheme) stages are read back.")
    Path resume;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GenAttackGanConfig cfg = GenAttackGanConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT);
        Path source = config;
        if (resume != null) {
            if (config != null || quick) throw new IllegalArgumentException("--resume takes the run's config from "
                    + RunDirectory.configFile(resume) + "; leave out -c and --quick");
            if (out != null) throw new IllegalArgumentException("--out: a resumed run stays in its directory " + resume);
            RunDirectory.storedConfig(resume);
            source = RunDirectory.configFile(resume);
        }
        cfg = ExperimentRuns.checkedConfig(cfg, source, GenAttackGanConfig::validate);
        PrintWriter stdout = spec.commandLine().getOut();
        if (ExperimentRuns.printedConfig(printConfig, cfg, stdout)) return 0;
        Path dir = resume != null ? resume : out != null ? out : ExperimentConfig.defaultRunDirectory("genattack-gan");
        GenAttackGanExperiment.Result r;
        try (RunDirectory run = Configs.openRun(dir, cfg, resume != null, Set.of("checkpointEverySeconds"), Map.of())) {
            if (run.resumed()) System.err.println("resuming the genattack-gan run in " + dir);
            r = GenAttackGanExperiment.run(cfg, run, System.err);
        }
        ExperimentRuns.printOutcome(stdout, "genattack-gan", r.seconds(), r.claims(), r.report().html());
        return 0;
    }
}
