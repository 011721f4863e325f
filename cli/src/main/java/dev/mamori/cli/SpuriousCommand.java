package dev.mamori.cli;

import dev.mamori.methods.spurious.SpuriousConfig;
import dev.mamori.methods.spurious.SpuriousExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run spurious}: class-wise spurious feature generation with DreamBooth and a robust-feature similarity loss (METHODS.md item 8). */
@Command(name = "spurious", mixinStandardHelpOptions = true,
        description = {"Spurious feature generation (METHODS.md item 8): plant a background pattern that co-occurs with one emoji-category class,"
                + " train three classifiers and a PGD-trained one on it, fine-tune a latent diffusion model with DreamBooth (rare token, prior"
                + " preservation) on the pattern without the object, without and with the spurious-feature similarity loss, and measure how often"
                + " the generations are classified as the class; writes one report with each claim's verdict.",
                "Default: about an hour on a free 2-core machine (base model trained as a stage unless base.run names a train diffusion run; 3 seeds)."
                        + " --quick: a smoke run of about 15-20 minutes (tiny base model, few steps). A killed run continues with --resume RUN_DIR:"
                        + " finished stages are read back from its journal."})
final class SpuriousCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return options.execute("spurious", SpuriousConfig::of, SpuriousConfig::validate, Set.of(), SpuriousExperiment::run, spec.commandLine().getOut());
    }
}
