package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.spurious.SpuriousConfig;
import dev.mamori.methods.spurious.SpuriousExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mamori run spurious}: class-wise spurious feature generation with DreamBooth and a robust-feature similarity loss (METHODS.md item 8). */
@Command(name = "spurious", mixinStandardHelpOptions = true,
        description = {"Spurious feature generation (METHODS.md item 8): plant a background pattern that co-occurs with one emoji-category class,"
                + " train three classifiers and a PGD-trained one on it, fine-tune a latent diffusion model with DreamBooth (rare token, prior"
                + " preservation) on the pattern without the object, without and with the spurious-feature similarity loss, and measure how often"
                + " the generations are classified as the class; writes one report with each claim's verdict.",
                "Default: about an hour on a free 2-core machine (base model trained as a stage unless base.run names a train diffusion run; 3 seeds)."
                        + " --quick: a smoke run of about 15-20 minutes (tiny base model, few steps). Rerun with the same --out to resume."})
final class SpuriousCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (applied over the preset).")
    Path config;

    @Option(names = "--quick", description = "The smoke-run version.")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/spurious-<time>); an existing run there with the same config resumes.")
    Path out;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SpuriousConfig cfg = ExperimentRuns.checkedConfig(SpuriousConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT),
                config, SpuriousConfig::validate);
        PrintWriter stdout = spec.commandLine().getOut();
        if (ExperimentRuns.printedConfig(printConfig, cfg, stdout)) return 0;
        Path dir = out != null ? out : ExperimentConfig.defaultRunDirectory("spurious");
        SpuriousExperiment.Result r = SpuriousExperiment.run(cfg, dir, System.err);
        ExperimentRuns.printOutcome(stdout, "spurious", r.seconds(), r.claims(), r.report().html());
        return 0;
    }
}
