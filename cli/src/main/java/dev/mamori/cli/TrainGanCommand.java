package dev.mamori.cli;

import dev.mamori.methods.genattack.gan.GanConfig;
import dev.mamori.methods.genattack.gan.GanTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori train gan}: a StyleGAN2 on emoji-faces or emoji-category. */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = {"Train a StyleGAN2 (mapping network, modulated convolutions, ResNet discriminator; non-saturating loss, lazy R1,"
                + " style mixing, EMA of the generator) on a catalog image dataset (default emoji-faces at 32x32), with progress,"
                + " checkpoints and exact resume (--resume RUN_DIR after a kill). Writes <out>/stylegan2.safetensors (the EMA generator with its discriminator) and"
                + " <out>/samples.png; mamori generate gan --model <out>/stylegan2.safetensors draws more.",
                "Default run: about an hour on 2 cores; --quick: a few minutes (not a usable generator)."})
final class TrainGanCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return options.execute("gan", GanConfig::of, GanConfig::validate, Set.of("checkpointEverySeconds"), GanTraining::train,
                spec.commandLine().getOut(), (r, out) -> {
                    var last = r.history().history().isEmpty() ? java.util.Map.<String, Double>of() : r.history().last().metrics();
                    out.printf("stylegan2 trained on %d images: %d steps in %.1f minutes; last epoch %s%n", r.trainImages(), r.history().steps(),
                            r.history().seconds() / 60, last);
                    out.println("model: " + r.modelFile());
                    out.println("samples: " + r.samples());
                });
    }
}
