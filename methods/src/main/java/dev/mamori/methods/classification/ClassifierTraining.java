package dev.mamori.methods.classification;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.data.Batch;
import dev.mamori.eval.metrics.BalancedAccuracy;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.config.ConfigException;
import dev.mamori.methods.common.LoaderBatchSource;
import dev.mamori.methods.robustness.AdversarialTrainingStep;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.losses.Loss;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Optimizer;
import dev.mamori.nn.optim.Sgd;
import dev.mamori.nn.train.ClassificationStep;
import dev.mamori.nn.train.Monitor;
import dev.mamori.nn.train.TrainBatch;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Trains an image classifier from a {@link TrainSpec}: holds out a validation split of the training data (seeded,
 * {@link TrainSpec#validationFraction}), builds the model from the registry (wrapped in {@link Normalized} so it takes
 * [0, 1] pixels), the optimizer and schedule, runs the {@link Trainer} with checkpoints in the run directory (every
 * epoch end, every {@link TrainSpec#checkpointEverySeconds} seconds and every {@link TrainSpec#checkpointEverySteps}
 * steps), and evaluates once on the test split (predictions kept for per-class metrics). The per-epoch evaluation,
 * the best epoch, early stopping and restore-best look at the validation split only, never at the test split.
 *
 * <p>A run directory holding a checkpoint of the same run is continued from it (mid-epoch if that is where it was
 * killed) and reaches bit for bit the weights of an uninterrupted run; a finished run's checkpoint is just evaluated
 * again. Whether a directory may be reused is decided by the caller ({@code RunDirectory}).
 */
public final class ClassifierTraining {
    /** Per-dataset normalization used when a spec gives none. */
    private static final Map<String, double[][]> KNOWN_STATS = Map.of(
            "fashion-mnist", new double[][]{{0.2860}, {0.3530}},
            "mnist", new double[][]{{0.1307}, {0.3081}},
            "cifar10", new double[][]{{0.4914, 0.4822, 0.4465}, {0.2470, 0.2435, 0.2616}},
            "cifar100", new double[][]{{0.5071, 0.4865, 0.4409}, {0.2673, 0.2564, 0.2762}});

    private ClassifierTraining() {}

    /** A trained model and what was measured. */
    public record Outcome(String modelName, Normalized model, Trainer.Result training, double testAccuracy, long testCorrect,
                          long testTotal, int[] predictions, int[] labels, List<String> classes, double trainSeconds,
                          double evalSeconds, int trainExamples, int validationExamples) {
        /** Mean per-class recall on the test split with a seeded 95% bootstrap interval. */
        public Estimate balancedAccuracy() {
            return BalancedAccuracy.of(predictions, labels, classes.size(), 0);
        }
    }

    public static Outcome run(TrainSpec spec, ImageData data, Path runDir, boolean verbose) {
        return run(spec, data, runDir, verbose, null);
    }

    /**
     * As {@link #run(TrainSpec, ImageData, Path, boolean)}, with adversarial training when {@code adversary} is given:
     * it makes the attack against the model being trained, and every step trains on that attack's examples
     * ({@link dev.mamori.methods.robustness.AdversarialTrainingStep}); validation and test accuracy stay clean.
     */
    public static Outcome run(TrainSpec spec, ImageData data, Path runDir, boolean verbose,
                              Function<Normalized, Attack<?>> adversary) {
        spec.validate();
        Init.seed(spec.seed);
        Map<String, Object> overrides = new HashMap<>(spec.modelConfig);
        // the head follows the dataset unless the config names a size (a 10-class registry model on 9 emoji categories)
        overrides.putIfAbsent("numClasses", data.classes().size());
        Classifier inner;
        try {
            inner = ModelRegistry.create(spec.model, overrides);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException(null, "modelConfig", "a config that builds model '" + spec.model + "'", spec.modelConfig + " ("
                    + e.getMessage() + ")");
        }
        if (inner.inChannels() != data.channels() || inner.imageSize() != data.height() || inner.numClasses() != data.classes().size()) {
            throw new IllegalArgumentException("model '" + spec.model + "' takes " + inner.inChannels() + "x" + inner.imageSize() + "x"
                    + inner.imageSize() + " images and " + inner.numClasses() + " classes; dataset '" + data.name() + "' has "
                    + data.channels() + "x" + data.height() + "x" + data.width() + " and " + data.classes().size()
                    + " classes (override inChannels/imageSize/numClasses in modelConfig)");
        }
        double[][] stats = normalization(spec, data);
        Normalized model = new Normalized(inner, stats[0], stats[1]);

        ImageData trainData = data;
        LoaderBatchSource validation = null;
        if (spec.validationFraction > 0) {
            ImageData.Split split = data.holdOut(spec.validationFraction, ExperimentSeeds.of(spec.seed, "validation"));
            trainData = split.data();
            validation = new LoaderBatchSource(ImageData.evalLoader(split.validation(), 256));
        }
        var trainLoader = trainData.trainLoader(spec.batchSize, spec.seed, spec.augment);
        var train = new LoaderBatchSource(trainLoader);
        long totalSteps = (long) spec.epochs * train.batchesPerEpoch();
        Optimizer opt = switch (spec.optimizer) {
            case "sgd" -> new Sgd(model.trainableParameters(), spec.lr, spec.momentum, 0, spec.weightDecay, true);
            case "adam" -> new Adam(model.trainableParameters(), spec.lr, 0.9, 0.999, 1e-8, spec.weightDecay, false);
            default -> Adam.adamW(model.trainableParameters(), spec.lr, spec.weightDecay);
        };
        LrSchedule schedule = switch (spec.schedule) {
            case "onecycle" -> LrSchedule.oneCycle(spec.lr, totalSteps);
            case "cosine" -> LrSchedule.cosine(spec.lr, 0, Math.max(1, totalSteps - spec.warmupSteps));
            case "step" -> LrSchedule.stepDecay(spec.lr, Math.max(1, totalSteps / 3), 0.1);
            default -> LrSchedule.constant(spec.lr);
        };
        if (spec.warmupSteps > 0 && !spec.schedule.equals("onecycle")) schedule = schedule.withWarmup(spec.warmupSteps);
        Loss loss = spec.labelSmoothing > 0
                ? (out, y) -> Losses.crossEntropy(out, y, spec.labelSmoothing, dev.mamori.autograd.ops.Reduction.MEAN)
                : Losses::crossEntropy;
        TrainerConfig cfg = TrainerConfig.epochs(spec.epochs).withSeed(spec.seed).withGradClipNorm(spec.gradClip)
                .withCheckpoints(runDir.resolve("checkpoints"), spec.checkpointEverySteps)
                .withCheckpointEverySeconds(spec.checkpointEverySeconds).withMetricsFile(runDir.resolve("metrics.jsonl"));
        if (spec.ema > 0) cfg = cfg.withEma(spec.ema);
        if (spec.earlyStopping > 0) cfg = cfg.withEarlyStopping(spec.earlyStopping, true);
        if (!verbose) cfg = cfg.quiet();
        long t0 = System.nanoTime();
        Trainer<TrainBatch> trainer;
        if (adversary == null) {
            trainer = Trainer.classifier(model, opt, schedule, loss, cfg);
        } else {
            TrainerConfig c = cfg.monitor() == null ? cfg.withMonitor(Monitor.max("val_accuracy")) : cfg;
            var step = new AdversarialTrainingStep(adversary.apply(model),
                    new ClassificationStep(model, loss), spec.seed);
            trainer = Trainer.builder(step, c).module(ClassificationStep.NAME, model)
                    .optimizer(ClassificationStep.NAME, opt, schedule)
                    .evaluator(ClassificationStep.evaluator(model, loss)).build();
        }
        Trainer.Result result = trainer.resume(train, validation);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        trainLoader.close();
        if (validation != null) validation.loader().close();
        if (trainer.ema() != null) trainer.ema().swap();

        long t1 = System.nanoTime();
        var testLoader = data.testLoader(256);
        int n = data.test().size();
        int[] pred = new int[n], labels = new int[n];
        int k = 0;
        model.eval();
        for (Batch b : testLoader.epoch(0)) {
            try (MemoryScope ignored = MemoryScope.open("predict"); GradMode.Scope off = GradMode.noGrad()) {
                int[] p = model.call(Tensor.of(b.images())).value().argMax(1).toIntVector();
                System.arraycopy(p, 0, pred, k, p.length);
                System.arraycopy(b.labels(), 0, labels, k, p.length);
                k += p.length;
            }
        }
        testLoader.close();
        try {
            SavedClassifier.save(runDir.resolve("model.safetensors"), model, spec.model, overrides, data.classes(), data.name());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save the trained model in " + runDir, e);
        }
        long correct = 0;
        for (int i = 0; i < n; i++) if (pred[i] == labels[i]) correct++;
        return new Outcome(spec.model, model, result, (double) correct / n, correct, n, pred, labels, data.classes(),
                trainSeconds, (System.nanoTime() - t1) / 1e9, trainData.train().size(), data.train().size() - trainData.train().size());
    }

    static double[][] normalization(TrainSpec spec, ImageData data) {
        if (!spec.normalizeMean.isEmpty()) {
            return new double[][]{spec.normalizeMean.stream().mapToDouble(Double::doubleValue).toArray(),
                    spec.normalizeStd.stream().mapToDouble(Double::doubleValue).toArray()};
        }
        double[][] known = KNOWN_STATS.get(data.name());
        if (known != null && known[0].length == data.channels()) return known;
        double[] mean = new double[data.channels()], std = new double[data.channels()];
        java.util.Arrays.fill(mean, 0.5);
        java.util.Arrays.fill(std, 0.5);
        return new double[][]{mean, std};
    }
}
