package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;
import java.util.Set;

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
     * Runs the experiment in a run directory opened new or to resume one that was killed. What a resumed run does not
     * redo: a backbone whose training finished is restored from its final checkpoint (an interrupted one continues from
     * its last); every keyed model's keys are read back from {@code keys/} ({@link ModelKeys}), a finished keyed model is
     * restored from its checkpoints in {@code models/<id>/} and an interrupted one continues mid-training
     * ({@link KeyedModelZoo}); a model whose attacks were journaled is not attacked again, its results are read back
     * ({@link JournaledResults}) and it is not even rebuilt. The transfer examples crafted on a plain backbone are
     * recomputed (seeded, so the same) when a model of that backbone is still to be attacked. The claims and the report
     * are computed from every model's results, as in an uninterrupted run with the same keys.
     */
    public static Result run(KeyDefenseConfig config, RunDirectory run, PrintStream log) throws IOException {
        config.validate();
        Path directory = run.dir();
        long t0 = System.nanoTime();
        Files.createDirectories(directory);
        ModelKeys keys = ModelKeys.open(run, log);
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
                : "from SecureRandom; they exist only in " + keys.directory()));
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
            KeyedModelZoo zoo = new KeyedModelZoo(config, name, plain, fineTune, testImages, testLabels, run, keys, log);
            models.add(zoo.plainModel(o.trainSeconds()));
            timings.put("pre-training " + name, Duration.ofNanos(System.nanoTime() - phase));

            phase = System.nanoTime();
            log.printf("building keyed models on %s%n", name);
            models.addAll(zoo.build());
            timings.put("keyed models " + name, Duration.ofNanos(System.nanoTime() - phase));

            boolean toAttack = models.stream().anyMatch(m -> m.backbone().equals(name) && !run.done(JournaledResults.ATTACKS + m.id()));
            if (toAttack && (config.runs("transfer_plain") || config.runs("white_box") || config.runs("pgd_wrong_key"))) {
                phase = System.nanoTime();
                transfers.put(name, AttackRunner.craftTransfers(config, plain, name, evalImages, evalLabels));
                timings.put("transfer crafting " + name, Duration.ofNanos(System.nanoTime() - phase));
            }
        }
        log.println("keys: " + keys.summary());

        // ---------------------------------------------------------------- attacks
        phase = System.nanoTime();
        AttackRunner runner = new AttackRunner(config, evalImages, evalLabels, queryImages, transfers, log);
        List<ModelResult> results = new ArrayList<>();
        int readBack = (int) models.stream().filter(m -> run.done(JournaledResults.ATTACKS + m.id())).count();
        if (readBack > 0) log.printf("attacks: the results of %d of %d models are read back from the journal of an earlier attempt%n", readBack, models.size());
        try (Progress progress = Progress.plain("attacks (models)", models.size() - readBack, log)) {
            for (BuiltModel m : models) {
                Optional<JsonNode> journaled = run.result(JournaledResults.ATTACKS + m.id());
                if (journaled.isPresent()) {
                    results.add(JournaledResults.result(m, journaled.get()));
                    continue;
                }
                log.printf("attacking %s%n", m.id());
                ModelResult r = runner.attack(m);
                run.markDone(JournaledResults.ATTACKS + m.id(), JournaledResults.attacks(r));
                results.add(r);
                log.println("  " + summary(r, config));
                progress.step();
            }
        }
        timings.put("attacks", Duration.ofNanos(System.nanoTime() - phase));

        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Claim> claims = new Claims(config, results).all();
        WrittenReport report = KeyDefenseReport.write(config, data, results, claims, timings, seconds, readBack, directory);
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
