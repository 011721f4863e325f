package dev.mamori.cli;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.methods.classification.ClassificationReport;
import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.encryption.dataset.EncryptedSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainDiffusionCommand.class, TrainGanCommand.class},
        description = {"Train an image classifier from a YAML config and/or options; writes config.json, model.safetensors,"
                + " checkpoints, metrics.jsonl and a report into the run directory. 'train diffusion' trains the latent diffusion model, 'train gan' a StyleGAN2.",
                "A validation split (--validation-fraction of the training data) is what the per-epoch evaluation and early"
                        + " stopping look at; the test split is evaluated once, at the end.",
                "A killed run continues from its last checkpoint with --resume RUN_DIR (checkpoints every 120 s by default)"
                        + " and reaches the same weights as an uninterrupted run."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "Experiment config (YAML); options given here override it.")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last checkpoint, with the"
            + " config stored there (RUN_DIR/config.json); options that would change it are an error.")
    Path resume;

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
    @Option(names = "--weight-decay") Double weightDecay;
    @Option(names = "--optimizer", description = "sgd, adam or adamw") String optimizer;
    @Option(names = "--schedule", description = "onecycle, cosine, step or constant") String schedule;
    @Option(names = "--train-subset", description = "Use only this many training examples (before the validation split).") Integer trainSubset;
    @Option(names = "--test-subset", description = "Evaluate on only this many test examples.") Integer testSubset;
    @Option(names = "--validation-fraction", description = "Share of the training examples held out for validation (default 0.05; 0: none).")
    Double validationFraction;
    @Option(names = "--checkpoint-every-seconds", description = "Checkpoint at least this often (default 120; 0: epoch ends only).")
    Double checkpointEverySeconds;
    @Option(names = "--checkpoint-every-steps", description = "Also checkpoint every this many steps (default 0: off).")
    Long checkpointEverySteps;
    @Option(names = "--seed") Long seed;
    @Option(names = "--no-augment", description = "Switch off crop and flip augmentation.") boolean noAugment;
    @Option(names = "--out", description = "Run directory (default: runs/train-<model>-<time>); must not hold a run already.") Path out;
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
        Path source = config;
        TrainSpec spec;
        if (resume != null) {
            if (config != null) throw new IllegalArgumentException("--resume takes the run's config from " + RunDirectory.configFile(resume) + "; leave out -c");
            if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--out: a resumed run stays in its directory " + resume);
            }
            RunDirectory.storedConfig(resume); // says why a directory cannot be resumed
            source = RunDirectory.configFile(resume);
            spec = Configs.readOver(source, new TrainSpec());
        } else {
            spec = config != null ? Configs.read(config, TrainSpec.class) : new TrainSpec();
        }
        Map<String, String> optionOf = apply(spec);
        Configs.attribute(spec::validate, source, optionOf);
        if (printConfig) {
            System.out.print(Configs.toYaml(spec));
            return 0;
        }
        Path dir = resume != null ? resume : out != null ? out : ExperimentConfig.defaultRunDirectory("train-" + spec.model);
        EncryptedSplits splits = null;
        if (encrypted != null) {
            splits = EncryptedSplits.openDirectory(encrypted);
            // crops and flips would cut across the blocks of an encrypted image
            if (spec.augment) System.err.println("mamori: training on encrypted images without augmentation");
            spec.augment = false;
            spec.dataset = splits.datasetName();
            optionOf.put("dataset", "--encrypted");
            optionOf.put("augment", "--encrypted");
        } else if (spec.dataset != null && spec.dataset.startsWith("encrypted/")) {
            throw new IllegalArgumentException("the run in " + dir + " trained on encrypted images (" + spec.dataset
                    + "): give --encrypted FOLDER (the folder written by mamori encrypt) again");
        }
        try (EncryptedSplits encryptedSplits = splits;
             RunDirectory run = Configs.openRun(dir, spec, resume != null, TrainSpec.OPERATIONAL, optionOf)) {
            if (run.resumed()) System.err.println("resuming the run in " + dir);
            ImageData data = encryptedSplits != null ? encryptedSplits.imageData()
                    : ImageData.open(spec.dataset, spec.trainSubset, spec.testSubset, spec.seed, System.err);
            ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, dir, true);
            run.markDone("train", Map.of("test_accuracy", o.testAccuracy(), "epochs", o.training().history().size()));
            ExperimentReport r = ExperimentReport.named("train " + spec.model).seed(spec.seed).config("spec", spec);
            r.section("Result");
            r.table(ClassificationReport.summary(List.of(o)));
            ClassificationReport.details(r, o, spec.model);
            r.timing("training", Duration.ofMillis((long) (o.trainSeconds() * 1000)));
            r.writeTo(dir);
            run.markDone("report", Map.of());
            var top1 = dev.mamori.eval.metrics.Proportion.of(o.testCorrect(), o.testTotal()).wilson();
            var balanced = o.balancedAccuracy();
            System.out.printf("%s on %s: test accuracy %.2f%% (%d/%d, 95%% CI %.2f-%.2f%%), balanced accuracy %.2f%% (95%% CI %.2f-%.2f%%),"
                            + " %.0f s training%nmodel: %s%nreport: %s%n", spec.model, spec.dataset,
                    100 * o.testAccuracy(), o.testCorrect(), o.testTotal(), 100 * top1.lower(), 100 * top1.upper(),
                    100 * balanced.value(), 100 * balanced.interval().lower(), 100 * balanced.interval().upper(), o.trainSeconds(),
                    dir.resolve("model.safetensors"), dir.resolve("report.html"));
        }
        return 0;
    }

    /** Applies the options given to the spec; returns, for each field they set, the option's name (for error messages). */
    private Map<String, String> apply(TrainSpec spec) {
        Map<String, String> optionOf = new LinkedHashMap<>();
        if (model != null) set(optionOf, "model", "--model", () -> spec.model = model);
        for (String kv : modelConfig) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--model-config: expected KEY=VALUE, got '" + kv + "'");
            String key = kv.substring(0, eq).strip();
            set(optionOf, "modelConfig." + key, "--model-config " + key, () -> spec.modelConfig.put(key, Configs.scalar(kv.substring(eq + 1).strip())));
        }
        if (dataset != null) set(optionOf, "dataset", "--dataset", () -> spec.dataset = dataset);
        if (epochs != null) set(optionOf, "epochs", "--epochs", () -> spec.epochs = epochs);
        if (batchSize != null) set(optionOf, "batchSize", "--batch-size", () -> spec.batchSize = batchSize);
        if (lr != null) set(optionOf, "lr", "--lr", () -> spec.lr = lr);
        if (weightDecay != null) set(optionOf, "weightDecay", "--weight-decay", () -> spec.weightDecay = weightDecay);
        if (optimizer != null) set(optionOf, "optimizer", "--optimizer", () -> spec.optimizer = optimizer);
        if (schedule != null) set(optionOf, "schedule", "--schedule", () -> spec.schedule = schedule);
        if (trainSubset != null) set(optionOf, "trainSubset", "--train-subset", () -> spec.trainSubset = trainSubset);
        if (testSubset != null) set(optionOf, "testSubset", "--test-subset", () -> spec.testSubset = testSubset);
        if (validationFraction != null) set(optionOf, "validationFraction", "--validation-fraction", () -> spec.validationFraction = validationFraction);
        if (checkpointEverySeconds != null) {
            set(optionOf, "checkpointEverySeconds", "--checkpoint-every-seconds", () -> spec.checkpointEverySeconds = checkpointEverySeconds);
        }
        if (checkpointEverySteps != null) set(optionOf, "checkpointEverySteps", "--checkpoint-every-steps", () -> spec.checkpointEverySteps = checkpointEverySteps);
        if (seed != null) set(optionOf, "seed", "--seed", () -> spec.seed = seed);
        if (noAugment) set(optionOf, "augment", "--no-augment", () -> spec.augment = false);
        return optionOf;
    }

    private static void set(Map<String, String> optionOf, String field, String option, Runnable assign) {
        assign.run();
        optionOf.put(field, option);
    }
}
