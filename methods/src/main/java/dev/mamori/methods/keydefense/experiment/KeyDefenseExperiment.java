package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.common.ExperimentOutcome;
import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.keydefense.adaptive.CraftedTransfer;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;
import dev.mamori.models.PatchEmbeddedModel;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The key-defense experiment (docs/METHODS.md items 1-3), as one library call (the CLI's
 * {@code mamori run keydefense}):
 * <ol>
 *   <li>train a plain ViT and a plain ConvMixer on the dataset: the "pre-trained" public backbones;</li>
 *   <li>build keyed models for each key kind: from scratch on transformed images, by absorbing the key into the
 *       backbone (no training), by each fine-tuning strategy, and multi-key with N secret embeddings (randomized);</li>
 *   <li>attack every model: non-adaptive (PGD, APGD, CW with a wrong key; Square on the deployed model; PGD transferred
 *       from the public backbone), adaptive (key search then PGD with the estimated key, EOT over random keys, EOT over
 *       the model's own keys, BPDA through FFX against the true gradient) and the key-leaked reference;</li>
 *   <li>write one report (report.html, report.md, results.json) with the tables and each claim's verdict.</li>
 * </ol>
 * Keys are saved to {@code keys/} in the run directory (owner-only files) and appear nowhere else: the log and the
 * report show random key ids, and the report refuses to be written if any key material is in it.
 */
public final class KeyDefenseExperiment {
    /** Attacks whose attacker holds the key(s): references, not threats to a defense whose key is secret. */
    public static final Set<String> KEY_HOLDER_ATTACKS = Set.of("white_box", "autoattack", "eot_own_keys", "ffx_true_gradient");

    private KeyDefenseExperiment() {}

    /** Everything the run produced. */
    public record Result(KeyDefenseConfig config, List<ModelResult> models, List<Claim> claims, Map<String, Duration> timings,
                         WrittenReport report, Path directory, double seconds) implements ExperimentOutcome {
        /** The result of a model by id ("vit/shuffle/full"). */
        public ModelResult model(String id) {
            return models.stream().filter(m -> m.model().id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no model " + id + "; have " + models.stream().map(m -> m.model().id()).toList()));
        }
    }

    /** Runs the experiment into {@code directory} (created; must not hold a run), logging to {@code log}. */
    public static Result run(KeyDefenseConfig config, Path directory, PrintStream log) throws IOException {
        config.validate();
        try (RunDirectory run = RunDirectory.open(directory, config, RunDirectory.Mode.NEW)) {
            return run(config, run, log);
        }
    }

    /**
     * Runs the experiment in a run directory opened new or to resume one that was killed: a backbone whose training
     * finished is not trained again and an interrupted one continues from its last checkpoint; the keyed models (their
     * keys derive from the seed, so they are the same keys), the attacks and the report are redone.
     */
    public static Result run(KeyDefenseConfig config, RunDirectory run, PrintStream log) throws IOException {
        config.validate();
        Path directory = run.dir();
        long t0 = System.nanoTime();
        Path keyDir = directory.resolve("keys");
        if (!run.resumed() && Files.isDirectory(keyDir)) {
            try (Stream<Path> s = Files.list(keyDir)) {
                if (s.findAny().isPresent()) throw new IllegalArgumentException("run directory " + directory + " already holds keys of an earlier run; choose a new one");
            }
        }
        Files.createDirectories(directory);
        Map<String, Duration> timings = new LinkedHashMap<>();
        log.printf(Locale.ROOT, "keydefense: %s, backbones %s, keys %s, methods %s, N %s; budgets Linf %s, CW L2 %s%n", config.dataset,
                config.useBackbones, config.keyKinds, config.methods, config.keyCounts, config.budgets, config.cwL2Budgets);

        // ---------------------------------------------------------------- data
        long phase = System.nanoTime();
        ImageData data = ImageData.open(config.dataset, config.trainSubset, config.testSubset, config.seed, log);
        InMemoryBatchSource fineTune = collect(data.train().sample(Math.min(config.fineTuneSubset, data.train().size()), ExperimentSeeds.of(config.seed, "finetune")),
                config.fineTuneBatchSize, true);
        InMemoryBatchSource test = collect(data.test(), 256, false);
        INDArray testImages = test.images();
        int[] testLabels = test.labels();
        INDArray evalImages = first(testImages, config.attackExamples);
        int[] evalLabels = Arrays.copyOf(testLabels, config.attackExamples);
        INDArray queryImages = collect(data.train().sample(Math.min(config.queryExamples, data.train().size()), ExperimentSeeds.of(config.seed, "queries")),
                256, false).images();
        log.printf(Locale.ROOT, "data: %d pre-training, %d keyed-training, %d test (%d attacked, %d by the costlier attacks, %d by Square, %d by"
                        + " AutoAttack), %d key-search query images; %d classes, %dx%dx%d%n",
                data.train().size(), fineTune.examples(), testLabels.length, evalLabels.length, config.adaptiveExamples, config.blackBoxExamples,
                config.autoAttackExamples, queryImages.size(0), data.classes().size(), data.channels(), data.height(), data.width());
        log.println("keys: " + (config.reproducibleKeys ? "derived from the seed (reproducible: anyone with the seed rebuilds them)"
                : "from SecureRandom; they exist only in " + keyDir));
        timings.put("data", Duration.ofNanos(System.nanoTime() - phase));

        // ---------------------------------------------------------------- models
        List<BuiltModel> models = new ArrayList<>();
        Map<String, List<CraftedTransfer>> transfers = new LinkedHashMap<>();
        for (String name : config.useBackbones) {
            BackboneConfig bc = config.backbones.get(name);
            phase = System.nanoTime();
            log.printf(Locale.ROOT, "pre-training backbone %s (%s, %d epochs on %d images)%n", name, bc.model, bc.epochs, data.train().size());
            ClassifierTraining.Outcome o = ClassifierTraining.run(trainSpec(config, bc), data, run.stage("backbone-" + name), true);
            run.markDone("backbone/" + name, Map.of("test_accuracy", o.testAccuracy()));
            Normalized plain = o.model();
            plain.eval();
            checkPatchSize(config, name, plain);
            BuiltModel plainModel = new BuiltModel(name + "/plain", name, KeyMethod.PLAIN, null, 0, null, plain, List.of(),
                    Predictions.accuracy(plain, testImages, testLabels), plain.parameterCount(), o.trainSeconds());
            log.printf(Locale.ROOT, "  %-34s clean %6.2f%%  %7.1f s  %,9d parameters%n", plainModel.id(), 100 * plainModel.cleanAccuracy().value(),
                    plainModel.secondsToCreate(), plainModel.trainableParameters());
            models.add(plainModel);
            timings.put("pre-training " + name, Duration.ofNanos(System.nanoTime() - phase));

            phase = System.nanoTime();
            log.printf("building keyed models on %s%n", name);
            models.addAll(new KeyedModelZoo(config, name, plain, fineTune, testImages, testLabels, log).build());
            timings.put("keyed models " + name, Duration.ofNanos(System.nanoTime() - phase));

            if (config.runs("transfer_plain") || config.runs("white_box") || config.runs("pgd_wrong_key")) {
                phase = System.nanoTime();
                transfers.put(name, AttackRunner.craftTransfers(config, plain, name, evalImages, evalLabels));
                timings.put("transfer crafting " + name, Duration.ofNanos(System.nanoTime() - phase));
            }
        }
        saveKeys(models, keyDir, log);

        // ---------------------------------------------------------------- attacks
        phase = System.nanoTime();
        AttackRunner runner = new AttackRunner(config, evalImages, evalLabels, queryImages, transfers, log);
        List<ModelResult> results = new ArrayList<>();
        try (Progress progress = Progress.plain("attacks (models)", models.size(), log)) {
            for (BuiltModel m : models) {
                log.printf("attacking %s%n", m.id());
                ModelResult r = runner.attack(m);
                results.add(r);
                log.println("  " + summary(r, config));
                progress.step();
            }
        }
        timings.put("attacks", Duration.ofNanos(System.nanoTime() - phase));

        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Claim> claims = new Claims(config, results).all();
        WrittenReport report = KeyDefenseReport.write(config, data, results, claims, timings, seconds, directory);
        log.printf(Locale.ROOT, "keydefense: done in %.1f min; report %s%n", seconds / 60, report.html());
        return new Result(config, results, claims, timings, report, directory, seconds);
    }

    private static TrainSpec trainSpec(KeyDefenseConfig config, BackboneConfig bc) {
        TrainSpec s = new TrainSpec();
        s.model = bc.model;
        s.modelConfig = new LinkedHashMap<>(bc.config);
        s.dataset = config.dataset;
        s.trainSubset = config.trainSubset;
        s.testSubset = config.testSubset;
        s.epochs = bc.epochs;
        s.batchSize = bc.batchSize;
        s.lr = bc.lr;
        s.weightDecay = bc.weightDecay;
        s.seed = config.seed;
        return s;
    }

    private static void checkPatchSize(KeyDefenseConfig config, String name, Normalized plain) {
        Classifier inner = plain.model;
        if (!(inner instanceof PatchEmbeddedModel isotropic)) {
            throw new IllegalArgumentException("config field 'backbones." + name + ".model': expected an isotropic network with a patch embedding"
                    + " (ViT or ConvMixer); got " + inner.getClass().getSimpleName());
        }
        int patch = isotropic.patchSize();
        if (patch % config.blockSize != 0) {
            throw new IllegalArgumentException("config field 'blockSize': " + config.blockSize + " does not divide the patch size " + patch
                    + " of backbone " + name + " (keys are absorbed into the patch embedding; use block size = patch size)");
        }
    }

    /** Every model's keys in keys/&lt;model&gt;-slot&lt;i&gt;.key, owner-only (SecretKey.save). */
    private static void saveKeys(List<BuiltModel> models, Path keyDir, PrintStream log) throws IOException {
        int n = 0;
        for (BuiltModel m : models) {
            for (int i = 0; i < m.keys().size(); i++) {
                SecretKey k = m.keys().get(i);
                Path file = keyDir.resolve(m.id().replace('/', '_') + "-slot" + i + ".key");
                // a resumed run derives the same keys from the seed; the files of the first attempt stay
                if (Files.exists(file) && SecretKey.load(file).equals(k)) continue;
                k.save(file);
                n++;
            }
        }
        log.printf("saved %d keys (owner-only files) in %s%n", n, keyDir);
    }

    static String summary(ModelResult r, KeyDefenseConfig config) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: clean %.1f%%", r.model().id(), 100 * r.model().cleanAccuracy().value()));
        for (double eps : config.budgets) {
            r.worstWithoutKey(eps).ifPresent(o -> s.append(String.format(Locale.ROOT, "; worst without key at %.4g: %.1f%% (%s)", eps,
                    100 * o.robustAccuracy().value(), o.attack())));
            r.outcome("white_box", eps).ifPresent(o -> s.append(String.format(Locale.ROOT, ", key leaked %.1f%%", 100 * o.robustAccuracy().value())));
        }
        return s.append(String.format(Locale.ROOT, " (%.1f s)", r.attackSeconds())).toString();
    }

    @SuppressWarnings("unchecked")
    static InMemoryBatchSource collect(Dataset<? extends LabeledImage> ds, int batchSize, boolean shuffle) {
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images((Dataset<LabeledImage>) ds).batchSize(256).shuffle(false).build()) {
            return InMemoryBatchSource.collect(loader.epoch(0), batchSize, shuffle);
        }
    }

    static INDArray first(INDArray images, int n) {
        return images.get(NDArrayIndex.interval(0, n)).dup('c');
    }

    /** Robust accuracy of an outcome as a percentage string, for logs. */
    static String percent(Proportion p) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * p.value());
    }

    static String percent(AttackOutcome o) {
        return percent(o.robustAccuracy());
    }
}
