package dev.mamori.cli;

import dev.mamori.methods.accesscontrol.experiment.AccessControlConfig;
import dev.mamori.methods.accesscontrol.experiment.AccessControlExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run accesscontrol}: access control of object detectors with encrypted feature maps (METHODS.md item 6). */
@Command(name = "accesscontrol", mixinStandardHelpOptions = true,
        description = {"Access control for object detectors by encrypting feature maps with a secret key (METHODS.md item 6): train a"
                + " CenterNet-style detector on emoji-detection unprotected and protected (pixel shuffling, channel shuffling or negative/positive"
                + " of the feature map after backbone stages 1 and 2, and block-wise keys on the input images), evaluate each with the right key,"
                + " without transform and with 50 wrong keys, let an attacker fine-tune it with 1%% of the data and their own key, over 3 seeds,"
                + " and write one report with the AP table and each claim's verdict. Keys go to <out>/keys/ (owner-only files); logs and the"
                + " report show fingerprints only. A killed run continues with --resume RUN_DIR (trainings from their checkpoints, the"
                + " keys read back from keys/).",
                "Default run: 54 detectors, about 1.5-2.5 hours on 2 cores (measured: the last 16 took 42 minutes on a machine shared with"
                + " three other runs); --quick: a few minutes on subsets with one seed."})
final class AccessControlCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return options.execute("accesscontrol", AccessControlConfig::of, AccessControlConfig::validate, Set.of("checkpointEverySeconds"),
                AccessControlExperiment::run, spec.commandLine().getOut());
    }
}
