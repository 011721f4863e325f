package dev.mamori.cli;

import dev.mamori.methods.backdoor.experiment.BackdoorConfig;
import dev.mamori.methods.backdoor.experiment.BackdoorExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run backdoor}: backdoor attacks and their removal by activation-guided editing (METHODS.md item 4). */
@Command(name = "backdoor", mixinStandardHelpOptions = true,
        description = {"Backdoor attacks (BadNets, Blend, SIG, WaNet, trojan-style patch) and their removal with a few unseen clean samples by"
                + " activation-guided closed-form editing with a repair step (METHODS.md item 4; trigger known and unknown), beside fine-tuning,"
                + " fine-pruning, NAD, ANP, I-BAU and Neural Cleanse unlearning; writes one report with each claim's verdict.",
                "Default: Fashion-MNIST and emoji-category, a small CNN and a tiny ResNet, every attack and defense, ours at 10/50/100 samples and"
                        + " the baselines at 50, 3 seeds (about 3.5 hours on a shared 2-core machine, estimated from timed parts: README). --full: the baselines at 10/50/100 too."
                        + " --quick: a few minutes (Fashion-MNIST, CNN, BadNets and Blend, 10 and 50 samples, one seed). A killed run continues with"
                        + " --resume RUN_DIR: finished models are restored from their checkpoints, the interrupted one continues mid-training."})
final class BackdoorCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--full", description = "Every defense at every sample size (the baselines too).")
    boolean full;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (options.quick && full) throw new IllegalArgumentException("--quick and --full exclude each other");
        if (options.resuming() && full) throw new IllegalArgumentException("--resume takes the run's config from its directory; leave out --full");
        return options.execute("backdoor", p -> full ? BackdoorConfig.full() : BackdoorConfig.of(p), BackdoorConfig::validate, Set.of(),
                BackdoorExperiment::run, spec.commandLine().getOut());
    }
}
