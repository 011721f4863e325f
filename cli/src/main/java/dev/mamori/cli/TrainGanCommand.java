package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.genattack.gan.GanConfig;
import dev.mamori.methods.genattack.gan.GanTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mamori train gan}: a StyleGAN2 on emoji-faces or emoji-category. */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = {"Train a StyleGAN2 (mapping network, modulated convolutions, ResNet discriminator; non-saturating loss, lazy R1,"
                + " style mixing, EMA of the generator) on a catalog image dataset (default emoji-faces at 32x32), with progress,"
                + " checkpoints and exact resume. Writes <out>/stylegan2.safetensors (the EMA generator with its discriminator) and"
                + " <out>/samples.png; mamori generate gan --model <out>/stylegan2.safetensors draws more.",
                "Default run: about an hour on 2 cores; --quick: a few minutes (not a usable generator)."})
final class TrainGanCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config naming only what it changes over the defaults (or the --quick settings).")
    Path config;

    @Option(names = "--quick", description = "The few-minute smoke run (a subset, two epochs).")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/gan-<time>); an existing one resumes from its checkpoint.")
    Path out;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GanConfig cfg = GanConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT);
        if (config != null) cfg = Configs.readOver(config, cfg);
        cfg.validate();
        PrintWriter stdout = spec.commandLine().getOut();
        if (printConfig) {
            stdout.print(Configs.toYaml(cfg));
            stdout.flush();
            return 0;
        }
        Path dir = out != null ? out : ExperimentConfig.defaultRunDirectory("gan");
        Files.createDirectories(dir);
        Path saved = dir.resolve("config.yaml");
        String now = Configs.toYaml(cfg);
        if (Files.isRegularFile(saved) && !Files.readString(saved).equals(now)) {
            throw new IllegalArgumentException(dir + " holds a run with another config (" + saved + "); give the same options, or a new --out");
        }
        Files.writeString(saved, now);
        GanTraining.Result r = GanTraining.train(cfg, dir, System.err);
        var last = r.history().history().isEmpty() ? java.util.Map.<String, Double>of() : r.history().last().metrics();
        stdout.printf("stylegan2 trained on %d images: %d steps in %.1f minutes; last epoch %s%n", r.trainImages(), r.history().steps(),
                r.history().seconds() / 60, last);
        stdout.println("model: " + r.modelFile());
        stdout.println("samples: " + r.samples());
        stdout.flush();
        return 0;
    }
}
