package dev.mamori.methods.accesscontrol.experiment;

import dev.mamori.methods.common.ExperimentOutcome;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DatasetLocation;
import dev.mamori.data.catalog.KnownDataset;
import dev.mamori.eval.detection.CocoSummary;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.accesscontrol.KeyedDetector;
import dev.mamori.methods.accesscontrol.ProtectionScheme;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.common.run.RunKeys;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.detection.DetectionData;
import dev.mamori.methods.detection.DetectorEvaluation;
import dev.mamori.methods.detection.DetectorTraining;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.models.detection.PeakDecoder;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.util.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Access control of object detectors with encrypted feature maps (docs/METHODS.md item 6; Nagamori et al. 2023), end
 * to end (the CLI's {@code mamori run accesscontrol}). For every training seed:
 * <ol>
 *   <li>train the unprotected detector;</li>
 *   <li>for every scheme (feature-map transform x backbone stage, and the input-image transforms the paper argues
 *       against), draw the owner's key and train a detector with it from the same initial weights; evaluate it with
 *       the key, without any transform, and with {@code wrongKeys} wrong keys;</li>
 *   <li>give a copy of each protected detector to an attacker with a share of the labelled training data and a key of
 *       their own, who fine-tunes it; and, as the attacker's reference, train a fresh detector on that share alone;</li>
 * </ol>
 * then write one report (report.html, report.md, results.json) with the AP table and each claim's verdict. Keys are
 * drawn with SecureRandom unless the config asks for seeded keys (experiments and tests; the report says which),
 * saved to {@code keys/} of the run directory as owner-only files (and read back by a resumed run), and appear
 * elsewhere as fingerprints only. Every trained detector is a stage of the run directory (see
 * {@link #run(AccessControlConfig, RunDirectory, DataCatalog, PrintStream)}).
 */
public final class AccessControlExperiment {
    private AccessControlExperiment() {}

    /** What the run produced. */
    public record Result(AccessControlConfig config, List<SeedResult> seeds, List<Claim> claims, Map<String, Duration> timings,
                         WrittenReport report, Path directory, double seconds) implements ExperimentOutcome {}

    /** The detection data of a run: training and test images, held in memory. */
    record Data(String trainSplit, String testSplit, DetectionData train, DetectionData test) {}

    public static Result run(AccessControlConfig config, Path directory, PrintStream log) throws IOException {
        return run(config, directory, DataCatalog.fromEnvironment(), log);
    }

    /** A new run into {@code directory} (which must not hold a run or keys) with data from {@code catalog}. */
    public static Result run(AccessControlConfig config, Path directory, DataCatalog catalog, PrintStream log) throws IOException {
        config.validate();
        try (RunDirectory run = RunDirectory.open(directory, config, RunDirectory.Mode.NEW)) {
            return run(config, run, catalog, log);
        }
    }

    /** Runs in an open run directory, new or resumed (the CLI's {@code run accesscontrol [--resume RUN_DIR]}). */
    public static Result run(AccessControlConfig config, RunDirectory run, PrintStream log) throws IOException {
        return run(config, run, DataCatalog.fromEnvironment(), log);
    }

    /**
     * Runs in {@code run}: every trained detector is a stage ({@code seed<S>/plain}, {@code seed<S>/attacker-scratch},
     * {@code seed<S>/<scheme>/owner}, {@code seed<S>/<scheme>/attacker}) whose training checkpoints into the stage's
     * directory and whose measurements go to the run's journal; a resumed run reads finished stages' measurements back,
     * continues an interrupted training from its last checkpoint, and reads the owner's and attacker's keys back from
     * {@code keys/}. Wrong keys are not kept: a stage redone after a kill draws them again (the same ones when keys are
     * seeded).
     */
    public static Result run(AccessControlConfig config, RunDirectory run, DataCatalog catalog, PrintStream log) throws IOException {
        config.validate();
        long t0 = System.nanoTime();
        RunKeys keys = RunKeys.of(run);
        Path directory = run.dir();
        Map<String, Duration> timings = new LinkedHashMap<>();
        List<ProtectionScheme> schemes = config.schemes();
        log.printf(Locale.ROOT, "accesscontrol: %s, %s, seeds %s, schemes %s, %d wrong keys, attacker share %.3f, %s keys%n", config.dataset,
                config.model, config.seeds, schemes.stream().map(ProtectionScheme::id).toList(), config.wrongKeys, config.attackerFraction,
                config.seededKeys() ? "seeded (reproducible, for experiments only)" : "SecureRandom");

        long phase = System.nanoTime();
        Data data = load(config, catalog, log);
        CenterNet.Config detector = detectorConfig(config, data.train());
        for (ProtectionScheme s : schemes) s.check(detector);
        DetectionData subset = data.test().subset(firstIndices(Math.min(config.wrongKeyImages, data.test().size())));
        int attackerCount = (int) Math.round(config.attackerFraction * data.train().size());
        if (config.attackerFraction > 0) attackerCount = Math.max(1, attackerCount);
        log.printf(Locale.ROOT, "data: %d training images (%d objects), %d test images (%d objects; %d for the wrong keys), %d classes %s, %dx%d;"
                        + " attacker's share %d images%n", data.train().size(), data.train().objectCount(), data.test().size(), data.test().objectCount(),
                subset.size(), data.train().categories().size(), data.train().classesText(), data.train().height(), data.train().width(), attackerCount);
        timings.put("data", Duration.ofNanos(System.nanoTime() - phase));

        PeakDecoder decoder = PeakDecoder.forModel(detector, config.topK);
        Runner runner = new Runner(config, detector, decoder, data, subset, run, keys, log);
        List<SeedResult> seeds = new ArrayList<>();
        int models = config.seeds.size() * (1 + schemes.size() * (attackerCount > 0 ? 2 : 1) + (attackerCount > 0 && config.attackerFromScratch ? 1 : 0));
        try (Progress progress = Progress.plain("accesscontrol (models trained)", models, log)) {
            for (long seed : config.seeds) {
                phase = System.nanoTime();
                seeds.add(runner.seed(seed, schemes, attackerCount, progress));
                timings.put("seed " + seed, Duration.ofNanos(System.nanoTime() - phase));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Claim> claims = new AccessControlClaims(config, seeds).all();
        WrittenReport report = AccessControlReport.write(config, data, detector, attackerCount, seeds, claims, timings, seconds,
                run.journal().resumed(), models, runner.keys(), directory);
        log.printf(Locale.ROOT, "accesscontrol: done in %.1f min; report %s%n", seconds / 60, report.html());
        return new Result(config, seeds, claims, timings, report, directory, seconds);
    }

    /** The training and test splits of the dataset (train / test, or the first and last split a COCO location has). */
    static Data load(AccessControlConfig config, DataCatalog catalog, PrintStream log) throws IOException {
        KnownDataset known = catalog.dataset(config.dataset);
        DatasetLocation where = known.locate(catalog).orElseThrow(() -> new NoSuchFileException(config.dataset, null,
                "dataset not found in " + catalog.roots() + ". " + known.manualInstructions(catalog)));
        List<String> splits = known.splits(where);
        if (splits.size() < 2) throw new IllegalArgumentException("config field 'dataset': " + config.dataset + " needs a training and a test split, has " + splits);
        String trainSplit = splits.contains("train") ? "train" : splits.get(0);
        String testSplit = splits.contains("test") ? "test" : splits.get(splits.size() - 1);
        DetectionData train = DetectionData.load(detection(catalog, config.dataset, trainSplit), config.trainImages, log);
        DetectionData test = DetectionData.load(detection(catalog, config.dataset, testSplit), config.testImages, log);
        if (!train.categories().equals(test.categories())) throw new IllegalArgumentException(config.dataset + ": the splits have different categories");
        return new Data(trainSplit, testSplit, train, test);
    }

    private static DetectionDataset detection(DataCatalog catalog, String name, String split) throws IOException {
        Object ds = catalog.open(name, split);
        if (!(ds instanceof DetectionDataset d)) throw new IllegalArgumentException("config field 'dataset': " + name + " is not a detection dataset");
        return d;
    }

    /** The registry detector with the data's classes and image size. */
    static CenterNet.Config detectorConfig(AccessControlConfig config, DetectionData train) {
        if (train.height() != train.width()) {
            throw new IllegalArgumentException("config field 'dataset': the detector takes square images, the data has " + train.height() + "x" + train.width());
        }
        Map<String, Object> overrides = Map.of("numClasses", train.categories().size(), "imageSize", train.height(), "inChannels", train.channels());
        try {
            return ModelRegistry.create(config.model, overrides, CenterNet.class).config;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config field 'model': " + e.getMessage(), e);
        }
    }

    private static int[] firstIndices(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    /** Trains and evaluates the models of one seed, each model a stage of the run directory. */
    private static final class Runner {
        private final AccessControlConfig config;
        private final CenterNet.Config detector;
        private final PeakDecoder decoder;
        private final Data data;
        private final DetectionData subset;
        private final RunDirectory run;
        private final RunKeys runKeys;
        private final PrintStream log;
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();

        Runner(AccessControlConfig config, CenterNet.Config detector, PeakDecoder decoder, Data data, DetectionData subset, RunDirectory run,
               RunKeys runKeys, PrintStream log) {
            this.config = config;
            this.detector = detector;
            this.decoder = decoder;
            this.data = data;
            this.subset = subset;
            this.run = run;
            this.runKeys = runKeys;
            this.log = log;
        }

        /** Every saved key by file label (owner and attacker keys), for the report's forbidden strings. */
        Map<String, SecretKey> keys() {
            return keys;
        }

        SeedResult seed(long seed, List<ProtectionScheme> schemes, int attackerCount, Progress progress) throws IOException {
            DetectorTraining training = new DetectorTraining(config.epochs, config.batchSize, config.lr, config.maxObjects, seed);
            String plainStage = "seed" + seed + "/plain";
            CocoSummary plainAp, plainSubset;
            double plainSeconds;
            boolean plainEarlier = run.done(plainStage);
            if (plainEarlier) {
                plainAp = run.result(plainStage, "test", CocoSummary.class);
                plainSubset = run.result(plainStage, "subset", CocoSummary.class);
                plainSeconds = run.result(plainStage, "seconds", Double.class);
            } else {
                CenterNet plain = fresh(seed);
                Path checkpoints = run.stage(plainStage);
                plainSeconds = timed(() -> training.resume(plain, plain::maps, data.train(), checkpoints, config.checkpointEverySeconds));
                plainAp = evaluate(plain, plain::maps, data.test());
                plainSubset = evaluate(plain, plain::maps, subset);
                run.markDone(plainStage, Map.of("test", plainAp, "subset", plainSubset, "seconds", plainSeconds));
            }
            log.printf(Locale.ROOT, "seed %d: unprotected AP %.2f, AP50 %.2f (%s)%n", seed, 100 * plainAp.ap(), 100 * plainAp.ap50(), took(plainSeconds, plainEarlier));
            progress.step();

            DetectionData attackerData = attackerCount > 0 ? data.train().sample(attackerCount, ExperimentSeeds.of(seed, "accesscontrol/attacker-data")) : null;
            CocoSummary scratch = null;
            if (attackerData != null && config.attackerFromScratch) {
                String stage = "seed" + seed + "/attacker-scratch";
                if (run.done(stage)) {
                    scratch = run.result(stage, "test", CocoSummary.class);
                } else {
                    CenterNet own = fresh(seed);
                    attackerTraining(seed, config.lr, attackerData).resume(own, own::maps, attackerData, run.stage(stage), config.checkpointEverySeconds);
                    scratch = evaluate(own, own::maps, data.test());
                    run.markDone(stage, Map.of("test", scratch));
                }
                log.printf(Locale.ROOT, "seed %d: attacker's share alone (%d images, from scratch) AP %.2f%n", seed, attackerData.size(), 100 * scratch.ap());
                progress.step();
            }

            List<SchemeResult> results = new ArrayList<>();
            for (ProtectionScheme scheme : schemes) {
                results.add(scheme(seed, scheme, training, attackerData, progress));
            }
            return new SeedResult(seed, plainAp, plainSubset, scratch, plainSeconds, results);
        }

        private SchemeResult scheme(long seed, ProtectionScheme scheme, DetectorTraining training, DetectionData attackerData, Progress progress)
                throws IOException {
            String label = "seed" + seed + "_" + scheme.id().replace('/', '_');
            String stageBase = "seed" + seed + "/" + scheme.id().replace('/', '_');
            SecretKey key = key(label + "_owner", scheme, "owner", seed);
            String ownerStage = stageBase + "/owner";
            CenterNet model = null;                                         // the owner's trained detector, once this process has it
            CocoSummary right, rightSubset, noKey;
            List<Double> wrongAp = new ArrayList<>(), wrongAp50 = new ArrayList<>();
            double seconds;
            boolean earlier = run.done(ownerStage);
            if (earlier) {
                right = run.result(ownerStage, "right", CocoSummary.class);
                rightSubset = run.result(ownerStage, "rightSubset", CocoSummary.class);
                noKey = run.result(ownerStage, "noKey", CocoSummary.class);
                wrongAp.addAll(List.of(run.result(ownerStage, "wrongAp", Double[].class)));
                wrongAp50.addAll(List.of(run.result(ownerStage, "wrongAp50", Double[].class)));
                seconds = run.result(ownerStage, "seconds", Double.class);
            } else {
                CenterNet trained = fresh(seed);
                KeyedDetector owner = KeyedDetector.of(trained, scheme, scheme.transform(key));
                Path checkpoints = run.stage(ownerStage);
                seconds = timed(() -> training.resume(trained, owner::maps, data.train(), checkpoints, config.checkpointEverySeconds));
                right = evaluate(trained, owner::maps, data.test());
                rightSubset = evaluate(trained, owner::maps, subset);
                KeyedDetector none = owner.withoutKey();
                noKey = evaluate(trained, none::maps, data.test());
                RandomGenerator wrongRng = rng(seed, scheme, "wrong");
                for (int i = 0; i < config.wrongKeys; i++) {
                    SecretKey wrong = scheme.drawKey(detector, wrongRng);
                    if (wrong.equals(key)) continue;                            // a guess of the right key is no wrong key
                    KeyedDetector guess = owner.withKey(scheme.transform(wrong));
                    CocoSummary s = evaluate(trained, guess::maps, subset);
                    wrongAp.add(s.ap());
                    wrongAp50.add(s.ap50());
                }
                run.markDone(ownerStage, Map.of("key", key.id(), "right", right, "rightSubset", rightSubset, "noKey", noKey, "wrongAp", wrongAp,
                        "wrongAp50", wrongAp50, "seconds", seconds));
                model = trained;
            }
            progress.step();
            log.printf(Locale.ROOT, "seed %d %-28s key %s: right key AP %.2f, no key %.2f, wrong keys %s (%s)%n", seed, scheme.id(), key.id(),
                    100 * right.ap(), 100 * noKey.ap(), wrongAp.isEmpty() ? "-" : String.format(Locale.ROOT, "mean %.2f max %.2f",
                            100 * wrongAp.stream().mapToDouble(d -> d).average().orElse(Double.NaN), 100 * wrongAp.stream().mapToDouble(d -> d).max().orElse(Double.NaN)),
                    took(seconds, earlier));

            CocoSummary attacked = null;
            String attackerFingerprint = null;
            if (attackerData != null) {
                SecretKey attackerKey = key(label + "_attacker", scheme, "attacker", seed);
                attackerFingerprint = attackerKey.id();
                String stage = stageBase + "/attacker";
                if (run.done(stage)) {
                    attacked = run.result(stage, "test", CocoSummary.class);
                } else {
                    if (model == null) {
                        // the owner's training finished in an earlier process: restored from its final checkpoint
                        CenterNet restored = fresh(seed);
                        KeyedDetector owner = KeyedDetector.of(restored, scheme, scheme.transform(key));
                        training.resume(restored, owner::maps, data.train(), run.stage(ownerStage), config.checkpointEverySeconds);
                        model = restored;
                    }
                    CenterNet stolen = fresh(seed);
                    stolen.loadStateDict(model.stateDict(), true);
                    KeyedDetector attacker = KeyedDetector.of(stolen, scheme, scheme.transform(attackerKey));
                    attackerTraining(seed, config.attackerLr, attackerData).resume(stolen, attacker::maps, attackerData, run.stage(stage),
                            config.checkpointEverySeconds);
                    attacked = evaluate(stolen, attacker::maps, data.test());
                    run.markDone(stage, Map.of("test", attacked, "key", attackerFingerprint));
                }
                log.printf(Locale.ROOT, "seed %d %-28s fine-tuning attacker (%d images, own key %s): AP %.2f%n", seed, scheme.id(), attackerData.size(),
                        attackerFingerprint, 100 * attacked.ap());
                progress.step();
            }
            return new SchemeResult(scheme, seed, key.id(), right, rightSubset, noKey, wrongAp, wrongAp50, attacked, attackerFingerprint, seconds);
        }

        private DetectorTraining attackerTraining(long seed, double lr, DetectionData attackerData) {
            return new DetectorTraining(config.attackerEpochs, Math.min(config.batchSize, attackerData.size()), lr, config.maxObjects, seed);
        }

        /** The owner's or attacker's key: read back from keys/ when an earlier attempt of this run drew it, else drawn and saved. */
        private SecretKey key(String label, ProtectionScheme scheme, String role, long seed) throws IOException {
            SecretKey k = runKeys.obtain(label, new RunKeys.Format<>() {
                @Override
                public SecretKey read(Path file) throws IOException {
                    return scheme.loadKey(detector, file);
                }

                @Override
                public void write(Path file, SecretKey key) throws IOException {
                    key.save(file);
                }
            }, () -> scheme.drawKey(detector, rng(seed, scheme, role)));
            keys.put(label, k);
            return k;
        }

        /** A detector with the seed's initial weights (the same for every condition of one seed). */
        private CenterNet fresh(long seed) {
            Init.seed(seed);
            return new CenterNet(detector);
        }

        private CocoSummary evaluate(CenterNet model, java.util.function.Function<dev.mamori.autograd.Tensor, CenterNet.Maps> forward, DetectionData on) {
            return DetectorEvaluation.run(model, forward, on, decoder, config.evalBatchSize).summary();
        }

        /** SecureRandom by default; a generator seeded from (run seed, training seed, scheme, role) when keys are seeded. */
        private RandomGenerator rng(long seed, ProtectionScheme scheme, String role) {
            if (!config.seededKeys()) return KeySource.secure();
            return KeySource.seeded(ExperimentSeeds.of(config.seed, "accesscontrol/" + seed + "/" + scheme.id() + "/" + role));
        }

        /** The training time, and whether an earlier process of the run measured it (its numbers read from the journal). */
        private static String took(double seconds, boolean earlier) {
            return String.format(Locale.ROOT, "%.0f s%s", seconds, earlier ? ", done earlier" : "");
        }


        private static double timed(Runnable r) {
            long t = System.nanoTime();
            r.run();
            return (System.nanoTime() - t) / 1e9;
        }
    }
}
