package dev.mamori.cli;

import dev.mamori.methods.encryption.experiment.EncryptionConfig;
import dev.mamori.methods.encryption.experiment.EncryptionExperiment;
import dev.mamori.methods.keydefense.experiment.KeyDefenseConfig;
import dev.mamori.methods.keydefense.experiment.KeyDefenseExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run <experiment>}: the research experiments, each one command from data to report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a named experiment end to end (data, training, attacks, report).",
        subcommands = {RunCommand.KeyDefense.class, RunCommand.Encryption.class, BackdoorCommand.class, LlmQaCommand.class,
                AccessControlCommand.class, GenAttackGanCommand.class, GenAttackLdmCommand.class, SpuriousCommand.class,
                Sketch2PhotoCommand.class})
final class RunCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "keydefense", mixinStandardHelpOptions = true,
            description = {"Key-based defenses (METHODS.md items 1-3): train a plain ViT and ConvMixer, build keyed models"
                    + " (from scratch, by key absorption, by fine-tuning EMBEDDING_AND_HEAD / LORA / FULL, multi-key N = 1, 3, 5) for"
                    + " shuffle, negative/positive and FFX keys, attack all of them at the reference budgets (wrong-key PGD-50/APGD-100/CW"
                    + " with a binary search, Square-5000, AutoAttack, transfer from the backbone, key search, EOT, BPDA; randomized"
                    + " models judged on every key) and write one report with each claim's verdict. Keys come from SecureRandom and go"
                    + " to <out>/keys/ (owner-only files); logs and the report show random key ids only.",
                    "Default run: about 2 hours on one of 2 shared cores (the costlier attacks on 25 images); --quick: a smoke run of a"
                            + " few minutes with reduced budgets, which its report says."})
    static final class KeyDefense implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return options.execute("keydefense", KeyDefenseConfig::of, KeyDefenseConfig::validate, Set.of(), KeyDefenseExperiment::run,
                    spec.commandLine().getOut());
        }
    }

    @Command(name = "encryption", mixinStandardHelpOptions = true,
            description = {"Learnable encryption and NeuraCrypt (METHODS.md items 5 and 7): on emoji-category (colour) and Fashion-MNIST (gray),"
                    + " train a plain ViT and classifiers on images encrypted with LE, ELE, PE, EtC, grayscale EtC, the block-wise transforms,"
                    + " NeuraCrypt and Color-NeuraCrypt (3 seeds), run Carlini et al.'s matching attack on 1,000 images against both NeuraCrypts"
                    + " and the U-Net inverse-translation baseline against every image scheme, and write one report with the claims' verdicts."
                    + " Keys go to <out>/keys/ (owner-only); logs and the report show random key ids only. A killed run continues with"
                    + " --resume RUN_DIR (trainings from their checkpoints, keys read back from keys/).",
                    "Default run: several hours on 2 cores (measured: the 12 classifiers of one dataset and seed took 67 minutes on this project's"
                            + " 2-core machine shared with three other runs; the run has 6 such, then the attacks); --quick: a few minutes (one"
                            + " seed, subsets, small budgets)."})
    static final class Encryption implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return options.execute("encryption", EncryptionConfig::of, EncryptionConfig::validate, Set.of("checkpointEverySeconds"),
                    EncryptionExperiment::run, spec.commandLine().getOut());
        }
    }
}
