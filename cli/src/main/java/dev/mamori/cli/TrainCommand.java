package dev.mamori.cli;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.methods.classification.ClassificationReport;
import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.ImageData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainDiffusionCommand.class},
        description = {"Train an image classifier from a YAML config and/or options; writes model.safetensors,"
                + " checkpoints, metrics.jsonl and a report into the run directory. 'train diffusion' trains the latent diffusion model."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "Experiment config (YAML); options given here override it.")
    Path config;

    @Option(names = "--model", description = "Registry model name (mamori train --list-models).")
    String model;

    @Option(names = "--dataset", description = "Dataset name (mamori data list), optionally with options:"
            + " emoji-category:size=32,split=vendor.")
    String dataset;

    @Option(names = "--encrypted", description = "Train on an encrypted dataset: a folder written by mamori encrypt (train.safetensors,"
            + " test.safetensors); no augmentation.")
    Path encrypted;

    @Option(names = "--model-config", split = ",", paramLabel = "KEY=VALUE",
            description = "Model config overrides, e.g. dim=128,depth=8 (numbers are read as numbers).")
    List<String> modelConfig = List.of();

    @Option(names = "--epochs") Integer epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--lr") Double lr;
    @Option(names = "--optimizer", description = "sgd, adam or adamw") String optimizer;
    @Option(names = "--schedule", description = "onecycle, cosine, step or constant") String schedule;
    @Option(names = "--train-subset", description = "Use only this many training examples.") Integer trainSubset;
    @Option(names = "--test-subset", description = "Evaluate on only this many test examples.") Integer testSubset;
    @Option(names = "--seed") Long seed;
    @Option(names = "--no-augment", description = "Switch off crop and flip augmentation.") boolean noAugment;
    @Option(names = "--out", description = "Run directory (default: runs/train-<model>-<time>).") Path out;
    @Option(names = "--list-models", description = "Print the registry's classifiers and exit.") boolean listModels;
    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.") boolean printConfig;

    @Override
    public Integer call() throws Exception {
        if (listModels) {
            for (dev.mamori.models.ModelEntry e : dev.mamori.models.ModelRegistry.entries()) {
                if (e.kind() != dev.mamori.models.ModelKind.CLASSIFICATION) continue;
                System.out.printf("%-24s %s%s%n", e.name(), e.description(),
                        e.statesParameters() ? String.format(java.util.Locale.ROOT, ", %,d parameters", e.parameters()) : "");
            }
            return 0;
        }
        TrainSpec spec = config != null ? Configs.read(config, TrainSpec.class) : new TrainSpec();
        if (model != null) spec.model = model;
        for (String kv : modelConfig) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--model-config: expected KEY=VALUE, got '" + kv + "'");
            spec.modelConfig.put(kv.substring(0, eq).strip(), Configs.scalar(kv.substring(eq + 1).strip()));
        }
        if (dataset != null) spec.dataset = dataset;
        if (epochs != null) spec.epochs = epochs;
        if (batchSize != null) spec.batchSize = batchSize;
        if (lr != null) spec.lr = lr;
        if (optimizer != null) spec.optimizer = optimizer;
        if (schedule != null) spec.schedule = schedule;
        if (trainSubset != null) spec.trainSubset = trainSubset;
        if (testSubset != null) spec.testSubset = testSubset;
        if (seed != null) spec.seed = seed;
        if (noAugment) spec.augment = false;
        spec.validate();
        if (printConfig) {
            System.out.print(Configs.toYaml(spec));
            return 0;
        }
        Path dir = out != null ? out : dev.mamori.methods.common.ExperimentConfig.defaultRunDirectory("train-" + spec.model);
        ClassifierTraining.Outcome o;
        if (encrypted != null) {
            // crops and flips would cut across the blocks of an encrypted image
            if (spec.augment) System.err.println("mamori: training on encrypted images without augmentation");
            spec.augment = false;
            try (var splits = dev.mamori.methods.encryption.dataset.EncryptedSplits.openDirectory(encrypted)) {
                spec.dataset = splits.datasetName();
                o = ClassifierTraining.run(spec, splits.imageData(), dir, true);
            }
        } else {
            ImageData data = ImageData.open(spec.dataset, spec.trainSubset, spec.testSubset, spec.seed, System.err);
            o = ClassifierTraining.run(spec, data, dir, true);
        }
        ExperimentReport r = ExperimentReport.named("train " + spec.model).seed(spec.seed).config("spec", spec);
        r.section("Result");
        r.table(ClassificationReport.summary(List.of(o)));
        ClassificationReport.details(r, o, spec.model);
        r.timing("training", Duration.ofMillis((long) (o.trainSeconds() * 1000)));
        r.writeTo(dir);
        var top1 = dev.mamori.eval.metrics.Proportion.of(o.testCorrect(), o.testTotal()).wilson();
        var balanced = o.balancedAccuracy();
        System.out.printf("%s on %s: test accuracy %.2f%% (%d/%d, 95%% CI %.2f-%.2f%%), balanced accuracy %.2f%% (95%% CI %.2f-%.2f%%),"
                        + " %.0f s training%nmodel: %s%nreport: %s%n", spec.model, spec.dataset,
                100 * o.testAccuracy(), o.testCorrect(), o.testTotal(), 100 * top1.lower(), 100 * top1.upper(),
                100 * balanced.value(), 100 * balanced.interval().lower(), 100 * balanced.interval().upper(), o.trainSeconds(),
                dir.resolve("model.safetensors"), dir.resolve("report.html"));
        return 0;
    }
}
