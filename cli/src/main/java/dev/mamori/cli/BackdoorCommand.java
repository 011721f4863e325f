package dev.mamori.cli;

import dev.mamori.methods.backdoor.experiment.BackdoorConfig;
import dev.mamori.methods.backdoor.experiment.BackdoorExperiment;
import dev.mamori.methods.common.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mamori run backdoor}: backdoor attacks and their removal by activation-guided editing (METHODS.md item 4). */
@Command(name = "backdoor", mixinStandardHelpOptions = true,
        description = {"Backdoor attacks (BadNets, Blend, SIG, WaNet, trojan-style patch) and their removal with a few unseen clean samples by"
                + " activation-guided closed-form editing with a repair step (METHODS.md item 4; trigger known and unknown), beside fine-tuning,"
                + " fine-pruning, NAD, ANP, I-BAU and Neural Cleanse unlearning; writes one report with each claim's verdict.",
                "Default: Fashion-MNIST and emoji-category, a small CNN and a tiny ResNet, every attack and defense, ours at 10/50/100 samples and"
                        + " the baselines at 50, 3 seeds (about 1.5 hours on a free 2-core machine). --full: the baselines at 10/50/100 too."
                        + " --quick: a few minutes (Fashion-MNIST, CNN, BadNets and Blend, 10 and 50 samples, one seed)."})
final class BackdoorCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (applied over the preset).")
    Path config;

    @Option(names = "--quick", description = "The few-minute version.")
    boolean quick;

    @Option(names = "--full", description = "Every defense at every sample size (the baselines too).")
    boolean full;

    @Option(names = "--out", description = "Run directory (default: runs/backdoor-<time>).")
    Path out;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (quick && full) throw new IllegalArgumentException("--quick and --full exclude each other");
        BackdoorConfig cfg = ExperimentRuns.checkedConfig(full ? BackdoorConfig.full() : BackdoorConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT), config, BackdoorConfig::validate);
        PrintWriter stdout = spec.commandLine().getOut();
        if (ExperimentRuns.printedConfig(printConfig, cfg, stdout)) return 0;
        Path dir = out != null ? out : ExperimentConfig.defaultRunDirectory("backdoor");
        BackdoorExperiment.Result r = BackdoorExperiment.run(cfg, dir, System.err);
        ExperimentRuns.printOutcome(stdout, "backdoor", r.seconds(), r.claims(), r.report().html());
        return 0;
    }
}
