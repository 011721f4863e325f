package dev.mamori.cli;

import dev.mamori.methods.accesscontrol.experiment.AccessControlConfig;
import dev.mamori.methods.accesscontrol.experiment.AccessControlExperiment;
import dev.mamori.methods.common.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mamori run accesscontrol}: access control of object detectors with encrypted feature maps (METHODS.md item 6). */
@Command(name = "accesscontrol", mixinStandardHelpOptions = true,
        description = {"Access control for object detectors by encrypting feature maps with a secret key (METHODS.md item 6): train a"
                + " CenterNet-style detector on emoji-detection unprotected and protected (pixel shuffling, channel shuffling or negative/positive"
                + " of the feature map after backbone stages 1 and 2, and block-wise keys on the input images), evaluate each with the right key,"
                + " without transform and with 50 wrong keys, let an attacker fine-tune it with 1%% of the data and their own key, over 3 seeds,"
                + " and write one report with the AP table and each claim's verdict. Keys go to <out>/keys/ (owner-only files); logs and the"
                + " report show fingerprints only.",
                "Default run: about 1-1.5 hours on 2 cores; --quick: a few minutes on subsets with one seed."})
final class AccessControlCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (applied over the defaults,"
            + " or over the --quick settings).")
    Path config;

    @Option(names = "--quick", description = "The few-minute version (subsets, one seed, fewer schemes and wrong keys).")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/accesscontrol-<time>); must not hold keys of an earlier run.")
    Path out;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AccessControlConfig cfg = ExperimentRuns.checkedConfig(AccessControlConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT), config, AccessControlConfig::validate);
        PrintWriter stdout = spec.commandLine().getOut();
        if (ExperimentRuns.printedConfig(printConfig, cfg, stdout)) return 0;
        Path dir = out != null ? out : ExperimentConfig.defaultRunDirectory("accesscontrol");
        AccessControlExperiment.Result r = AccessControlExperiment.run(cfg, dir, System.err);
        ExperimentRuns.printOutcome(stdout, "accesscontrol", r.seconds(), r.claims(), r.report().html());
        return 0;
    }
}
