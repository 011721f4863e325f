package dev.mamori.methods.encryption.experiment;

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
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.common.run.RunKeys;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.attacks.NeuraCryptBreak;
import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.encryption.dataset.DatasetEncryption;
import dev.mamori.methods.encryption.dataset.EncryptedSplits;
import dev.mamori.methods.encryption.neuracrypt.ShuffledTokenEncoder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The encryption experiment (docs/METHODS.md items 5 and 7; the CLI's {@code mamori run encryption}): per dataset,
 * <ol>
 *   <li>for every training seed, a plain classifier and one per scheme, trained on the training split encrypted (as a
 *       stream into a file, then read back) with a key drawn for that seed, tested on the test split encrypted with the
 *       same key: ViT with patch = block size (LE: Tanaka's adaptation network in front; NeuraCrypt and
 *       Color-NeuraCrypt: a ViT without position embedding on the shuffled tokens), ConvMixer for the configured
 *       schemes;</li>
 *   <li>for every attack seed, Carlini et al.'s matching attack against NeuraCrypt and Color-NeuraCrypt on
 *       {@code breakTargets} images, and the U-Net inverse-translation baseline (and the visual security) of every
 *       image scheme;</li>
 *   <li>one report with the key spaces, accuracies with intervals and seed spread, privacy beside accuracy, example
 *       grids and the claims with verdicts.</li>
 * </ol>
 * The owner's keys, token orders and publishing orders come from SecureRandom (or, with {@code reproducibleKeys}, from
 * named seeds of the run's config, an explicit opt-in); each key is saved owner-only under {@code keys/} (and read
 * back by a resumed run), and the log and report show random key ids only.
 */
public final class EncryptionExperiment {
    /** The scheme name of the unencrypted baseline. */
    public static final String PLAIN = "plain";
    /** The folders, in a matching attack's and a U-Net baseline's stage folder, of their trainings' checkpoints. */
    public static final String MATCHER_CHECKPOINTS = "matcher-checkpoints", UNET_CHECKPOINTS = "checkpoints";

    private EncryptionExperiment() {}

    /** Everything the run produced. */
    public record Result(EncryptionConfig config, List<ClassifierRun> classifiers, List<BreakRun> breaks, List<InverseRun> inversions,
                         List<KeySpaceRow> keySpaces, List<Claim> claims, Map<String, Duration> timings, WrittenReport report, Path directory,
                         double seconds) implements ExperimentOutcome {}

    /** Examples kept for the report's grids, per dataset. */
    record Examples(String dataset, INDArray plain, Map<String, INDArray> encrypted) {}

    /** A new run into {@code directory} (which must not hold a run or keys). */
    public static Result run(EncryptionConfig config, Path directory, PrintStream log) throws IOException {
        config.validate();
        try (RunDirectory run = RunDirectory.open(directory, config, RunDirectory.Mode.NEW)) {
            return run(config, run, log);
        }
    }

    /**
     * Runs in an open run directory, new or resumed (the CLI's {@code run encryption [--resume RUN_DIR]}). Stages, each
     * journaled with what it measured and skipped when a resumed run finds it done: the classifiers of one dataset,
     * seed and scheme ({@code <dataset>/seed<S>/<scheme>}; every training checkpoints into its own folder and continues
     * from there), the matching attack ({@code <dataset>/break-seed<S>/<scheme>}; its patch matcher checkpoints into
     * {@value #MATCHER_CHECKPOINTS}) and the U-Net baseline ({@code <dataset>/unet-seed<S>/<scheme>}; the U-Net
     * checkpoints into {@value #UNET_CHECKPOINTS}, its example images are kept in the stage folder). The owner's keys
     * are saved in {@code keys/} when drawn and read back on resume. NeuraCrypt's per-image token shuffles are not
     * kept: the encrypted splits of a scheme are kept instead until its classifiers are journaled (an interrupted
     * training continues on the very split it started on; splits not both written are encrypted again before any
     * training). A matching attack cut short continues its matcher's training from the checkpoint (the matcher is the
     * attacker's: its pairs come from the attack seed) and redoes the rest: the owner's encodings, published order and
     * token shuffles (drawn again: the same with {@code reproducibleKeys}, fresh SecureRandom draws otherwise) and the
     * matching. A U-Net cut short continues from its checkpoint, and the measurements on the targets are redone.
     *
     * <p>A run carried to another machine as its {@code config.json} and {@code journal.jsonl} alone resumes the same
     * way: a finished stage is read back from its journal line (the U-Net's example images included) and needs no key,
     * model, checkpoint or encrypted split; an unfinished one starts from scratch, with its owner keys drawn afresh
     * (said in the log) since {@code keys/} is not carried.
     */
    public static Result run(EncryptionConfig config, RunDirectory run, PrintStream log) throws IOException {
        config.validate();
        long t0 = System.nanoTime();
        RunKeys keys = RunKeys.of(run);
        Path directory = run.dir();
        SchemeOptions options = config.schemeOptions();
        Map<String, Duration> timings = new LinkedHashMap<>();
        List<ClassifierRun> classifiers = new ArrayList<>();
        List<BreakRun> breaks = new ArrayList<>();
        List<InverseRun> inversions = new ArrayList<>();
        List<KeySpaceRow> keySpaces = new ArrayList<>();
        List<Examples> examples = new ArrayList<>();
        log.printf(Locale.ROOT, "encryption: datasets %s, schemes %s, training seeds %s, attack seeds %s; owner keys %s%n", config.datasets,
                config.schemes, config.trainingSeeds, config.attackSeeds,
                config.reproducibleKeys ? "derived from the seeds (reproducibleKeys: anyone with the seeds rebuilds them)" : "from SecureRandom");
        for (String dataset : config.datasets) {
            DatasetSettings ds = config.settings(dataset);
            long phase = System.nanoTime();
            ImageData data = ImageData.open(dataset, ds.trainSubset, ds.testSubset, 0, log);
            log.printf(Locale.ROOT, "%s: %d training and %d test images, %dx%dx%d, %d classes%n", dataset, data.train().size(), data.test().size(),
                    data.channels(), data.height(), data.width(), data.classes().size());
            for (Scheme s : config.schemeList()) {
                KeyGeometry g = s.geometry(data.channels(), data.height(), data.width(), options);
                keySpaces.add(new KeySpaceRow(dataset, s.configName(), g, s.keySpace(g, options)));
            }
            // ------------------------------------------------------------ classifiers
            for (long seed : config.trainingSeeds) {
                Path seedDir = directory.resolve(dataset).resolve("seed" + seed);
                classifiers.addAll(classifierStage(run, dataset + "/seed" + seed + "/" + PLAIN, log, () -> trainPlain(config, data, seed, seedDir, log)));
                for (Scheme s : config.schemeList()) {
                    String stage = dataset + "/seed" + seed + "/" + s.configName();
                    classifiers.addAll(classifierStage(run, stage, log, () -> trainEncrypted(config, options, data, s, seed, seedDir, run, stage, keys, log)));
                    if (!config.keepEncryptedData) deleteEncryptedSplits(seedDir.resolve(s.configName() + "-data"));
                }
            }
            timings.put("classifiers " + dataset, Duration.ofNanos(System.nanoTime() - phase));

            // ------------------------------------------------------------ attacks
            phase = System.nanoTime();
            INDArray trainImages = images(data.train());
            INDArray testImages = images(data.test());
            for (long seed : config.attackSeeds) {
                for (Scheme s : config.schemeList()) {
                    if (!s.isNeuraCrypt()) continue;
                    String stage = dataset + "/break-seed" + seed + "/" + s.configName();
                    if (run.done(stage)) {
                        BreakRun b = run.result(stage, "result", BreakRun.class);
                        log.printf(Locale.ROOT, "matching attack on %s/%s: done earlier, re-identified %.1f%% of %d%n", dataset, s,
                                100 * b.result().reidentification().value(), b.result().targets());
                        breaks.add(b);
                    } else {
                        BreakRun b = breakScheme(config, options, dataset, s, seed, trainImages, testImages, run, keys,
                                new TrainingCheckpoints(run.stage(stage).resolve(MATCHER_CHECKPOINTS), config.checkpointEverySeconds, null), log);
                        run.markDone(stage, Map.of("result", b));
                        breaks.add(b);
                    }
                }
                for (Scheme s : config.unetSchemeList()) {
                    String stage = dataset + "/unet-seed" + seed + "/" + s.configName();
                    if (run.done(stage)) {
                        InverseRun r = InverseRuns.read(run, stage);
                        log.printf(Locale.ROOT, "U-Net baseline against %s on %s: done earlier, reconstruction PSNR %.2f dB, SSIM %.3f%n", s, dataset,
                                r.result().reconstructed().psnr().value(), r.result().reconstructed().ssim().value());
                        inversions.add(r);
                        continue;
                    }
                    KeyGeometry g = s.geometry(data.channels(), data.height(), data.width(), options);
                    InverseTranslation.Config uc = new InverseTranslation.Config(config.unetSteps, config.unetBatchSize, config.unetLr,
                            config.unetBaseChannels, config.unetDepth, ExperimentSeeds.of(seed, "unet/" + dataset + "/" + s.configName()));
                    INDArray targets = first(testImages, config.unetEvalImages);
                    log.printf(Locale.ROOT, "U-Net baseline against %s on %s (%s)%n", s, dataset, uc.describe());
                    InverseTranslation.Result r = InverseTranslation.run(s, options, g, trainImages, targets, uc, config.gridImages,
                            new TrainingCheckpoints(run.stage(stage).resolve(UNET_CHECKPOINTS), config.checkpointEverySeconds, null), log);
                    log.printf(Locale.ROOT, "  encrypted vs plain: PSNR %.2f dB, SSIM %.3f; U-Net reconstruction: PSNR %.2f dB, SSIM %.3f%n",
                            r.encrypted().psnr().value(), r.encrypted().ssim().value(), r.reconstructed().psnr().value(), r.reconstructed().ssim().value());
                    inversions.add(InverseRuns.write(run, stage, new InverseRun(dataset, seed, r)));
                }
            }
            examples.add(examples(config, options, data, testImages));
            timings.put("attacks " + dataset, Duration.ofNanos(System.nanoTime() - phase));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Claim> claims = new EncryptionClaims(config, classifiers, breaks, inversions).all();
        WrittenReport report = EncryptionReport.write(config, classifiers, breaks, inversions, keySpaces, examples, claims, timings, seconds, directory);
        log.printf(Locale.ROOT, "encryption: done in %.1f min; report %s%n", seconds / 60, report.html());
        return new Result(config, classifiers, breaks, inversions, keySpaces, claims, timings, report, directory, seconds);
    }

    /** The body of a classifier stage: trains and tests its classifiers. */
    @FunctionalInterface
    private interface ClassifierStage {
        List<ClassifierRun> run() throws IOException;
    }

    /** The classifiers of {@code stage}: read back from the journal when an earlier attempt finished it, else trained and journaled. */
    private static List<ClassifierRun> classifierStage(RunDirectory run, String stage, PrintStream log, ClassifierStage body) throws IOException {
        if (run.done(stage)) {
            List<ClassifierRun> runs = List.of(run.result(stage, "classifiers", ClassifierRun[].class));
            for (ClassifierRun r : runs) logClassifier(log, r, " (done earlier)");
            return runs;
        }
        List<ClassifierRun> runs = body.run();
        run.markDone(stage, Map.of("classifiers", runs));
        return runs;
    }

    private static void deleteEncryptedSplits(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(EncryptedSplits.TRAIN_FILE));
        Files.deleteIfExists(dataDir.resolve(EncryptedSplits.TEST_FILE));
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> left = Files.list(dataDir)) {
                if (left.findAny().isEmpty()) Files.delete(dataDir);
            }
        }
    }

    // ------------------------------------------------------------------ classifiers

    private static List<ClassifierRun> trainPlain(EncryptionConfig config, ImageData data, long seed, Path seedDir, PrintStream log) {
        List<ClassifierRun> out = new ArrayList<>();
        out.add(train(config, data, data.channels(), PLAIN, "vit", vit(config, data.channels(), data.height(), config.blockSize), seed, "", 0, seedDir, log));
        if (config.convMixerSchemes.contains(PLAIN)) {
            out.add(train(config, data, data.channels(), PLAIN, "convmixer", convMixer(config, data.channels(), data.height()), seed, "", 0, seedDir, log));
        }
        return out;
    }

    private static List<ClassifierRun> trainEncrypted(EncryptionConfig config, SchemeOptions options, ImageData plain, Scheme scheme, long seed,
                                                      Path seedDir, RunDirectory run, String stage, RunKeys keys, PrintStream log) throws IOException {
        KeyGeometry g = scheme.geometry(plain.channels(), plain.height(), plain.width(), options);
        String keyName = plain.name() + "-" + scheme.configName() + "-seed" + seed;
        boolean drawnNow = !keys.has(keyName);
        EncryptionKey key = ownerKey(config, run, keys, keyName, scheme, g,
                () -> scheme.generate(ownerRandom(config, seed, "key/" + plain.name() + "/" + scheme.configName()), g, options), log);
        if (drawnNow) discardTrainings(seedDir, scheme); // checkpoints of a key that is gone would continue on the other key's data
        ImageEncoder encoder = Scheme.encoder(key, ownerRandom(config, seed, "tokens/" + plain.name() + "/" + scheme.configName()));
        Path dataDir = seedDir.resolve(scheme.configName() + "-data");
        // The splits are kept until this stage is journaled: NeuraCrypt's token shuffles are drawn per image and not
        // stored, so a training continued from a checkpoint must read the very files it started on. Both files are
        // written (each appears atomically) and journaled before any training starts.
        String encryptedStage = stage + "/encrypted";
        double rate;
        if (run.done(encryptedStage) && splitsOf(dataDir, key)) {
            rate = run.result(encryptedStage).orElseThrow().path("imagesPerSecond").asDouble();
            log.printf(Locale.ROOT, "%s/%s seed %d: key %s, the encrypted splits of the first attempt reused%n", plain.name(), scheme, seed, key.id());
        } else {
            DatasetEncryption.Result enc = DatasetEncryption.run(plain.train(), encoder, config.encodeBatchSize, dataDir.resolve(EncryptedSplits.TRAIN_FILE),
                    plain.name(), "train", null);
            DatasetEncryption.run(plain.test(), encoder, config.encodeBatchSize, dataDir.resolve(EncryptedSplits.TEST_FILE), plain.name(), "test", null);
            rate = enc.imagesPerSecond();
            log.printf(Locale.ROOT, "%s/%s seed %d: key %s, encrypted %d training images at %.0f images/s%n", plain.name(), scheme, seed,
                    key.id(), enc.images(), rate);
            run.markDone(encryptedStage, Map.of("imagesPerSecond", rate, "images", enc.images()));
        }
        List<ClassifierRun> out = new ArrayList<>();
        try (EncryptedSplits splits = EncryptedSplits.openDirectory(dataDir)) {
            ImageData data = splits.imageData();
            long[] shape = encoder.encodedShape();
            if (scheme.isNeuraCrypt()) {
                out.add(train(config, data, plain.channels(), scheme.configName(), "token-vit", tokenVit(config, (int) shape[0], (int) shape[1]), seed, key.id(),
                        rate, seedDir, log));
            } else if (scheme == Scheme.LE) {
                out.add(train(config, data, plain.channels(), scheme.configName(), "adaptation+vit", adapted(config, plain.channels(), plain.height()), seed,
                        key.id(), rate, seedDir, log));
            } else {
                out.add(train(config, data, plain.channels(), scheme.configName(), "vit", vit(config, (int) shape[0], plain.height(), config.blockSize), seed,
                        key.id(), rate, seedDir, log));
                if (config.convMixerSchemes.contains(scheme.configName())) {
                    out.add(train(config, data, plain.channels(), scheme.configName(), "convmixer", convMixer(config, (int) shape[0], plain.height()), seed,
                            key.id(), rate, seedDir, log));
                }
            }
        }
        return out;
    }

    /**
     * The owner's key {@code name}: read back from {@code keys/} when this run drew it before, else drawn now and saved.
     * Only unfinished stages ask for keys (a finished one is read back from the journal), so a run carried to another
     * machine as its config and journal alone - without keys/, which never leaves the machine - draws the keys of its
     * unfinished stages afresh; a resumed run says so, as those stages then restart with a new key.
     */
    private static EncryptionKey ownerKey(EncryptionConfig config, RunDirectory run, RunKeys keys, String name, Scheme scheme, KeyGeometry g,
                                          RunKeys.Draw<EncryptionKey> draw, PrintStream log) throws IOException {
        if (run.resumed() && !keys.has(name)) {
            log.printf(Locale.ROOT, "key %s: no key file in %s (not drawn yet, or the run was carried without its keys): drawing it now %s%n", name,
                    keys.dir(), config.reproducibleKeys ? "from the seeds (reproducibleKeys)" : "from SecureRandom");
        }
        return keys.obtain(name, keyFormat(scheme, g), draw);
    }

    /** Whether {@code dataDir} holds both encrypted splits, made with {@code key} (and not with a key drawn before it). */
    private static boolean splitsOf(Path dataDir, EncryptionKey key) throws IOException {
        if (!Files.isRegularFile(dataDir.resolve(EncryptedSplits.TRAIN_FILE)) || !Files.isRegularFile(dataDir.resolve(EncryptedSplits.TEST_FILE))) {
            return false;
        }
        try (EncryptedSplits splits = EncryptedSplits.openDirectory(dataDir)) {
            return splits.train().info().keyId().equals(key.id());
        }
    }

    /** Every model folder a scheme's classifier stage can train into: their checkpoints belong to the scheme's earlier key. */
    private static void discardTrainings(Path seedDir, Scheme scheme) throws IOException {
        for (String model : List.of("vit", "convmixer", "token-vit", "adaptation+vit")) {
            Path dir = seedDir.resolve(scheme.configName() + "-" + model);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** How a scheme's keys are read back (checked against the geometry they were drawn for) and written. */
    private static RunKeys.Format<EncryptionKey> keyFormat(Scheme scheme, KeyGeometry g) {
        return new RunKeys.Format<>() {
            @Override
            public EncryptionKey read(Path file) throws IOException {
                return scheme.load(file, g);
            }

            @Override
            public void write(Path file, EncryptionKey key) throws IOException {
                Scheme.save(file, key);
            }
        };
    }

    private static ClassifierRun train(EncryptionConfig config, ImageData data, int plainChannels, String scheme, String model, Map<String, Object> architecture,
                                       long seed, String keyId, double encryptRate, Path seedDir, PrintStream log) {
        TrainSpec spec = new TrainSpec();
        spec.model = (String) architecture.remove("_family");
        spec.modelConfig = new LinkedHashMap<>(architecture);
        spec.dataset = data.name();
        spec.epochs = config.settings(datasetOf(data.name())).epochs;
        spec.batchSize = config.batchSize;
        spec.lr = config.lr;
        spec.weightDecay = config.weightDecay;
        spec.augment = false; // crops and flips would cut across blocks of an encrypted image; no augmentation anywhere, plain included
        spec.seed = seed;
        spec.checkpointEverySeconds = config.checkpointEverySeconds;
        ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, seedDir.resolve(scheme + "-" + model), false);
        Proportion acc = Proportion.of(o.testCorrect(), o.testTotal());
        ClassifierRun r = new ClassifierRun(datasetOf(data.name()), plainChannels, scheme, model, seed, keyId, acc, o.balancedAccuracy(),
                o.model().parameterCount(), o.trainSeconds(), encryptRate);
        logClassifier(log, r, "");
        return r;
    }

    private static void logClassifier(PrintStream log, ClassifierRun r, String note) {
        log.printf(Locale.ROOT, "  %-24s %-15s seed %d: test accuracy %.2f%% (%d/%d), %.0f s, %,d parameters%s%n", r.scheme(), r.model(), r.seed(),
                100 * r.accuracy().value(), r.accuracy().successes(), r.accuracy().trials(), r.trainSeconds(), r.parameters(), note);
    }

    /** The catalog name behind an encrypted dataset's name (encrypted/scheme/key id/name). */
    static String datasetOf(String name) {
        return name.startsWith("encrypted/") ? name.split("/", 4)[3] : name;
    }

    private static Map<String, Object> vit(EncryptionConfig c, int channels, int size, int patch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_family", "vit");
        m.put("imageSize", size);
        m.put("patchSize", patch);
        m.put("inChannels", channels);
        m.put("embedDim", c.vitDim);
        m.put("depth", c.vitDepth);
        m.put("heads", c.vitHeads);
        m.put("mlpRatio", c.vitMlpRatio);
        return m;
    }

    /** A ViT reading a token grid: patch 1 (one token per patch), no position embedding (token order carries none). */
    private static Map<String, Object> tokenVit(EncryptionConfig c, int tokenDim, int grid) {
        Map<String, Object> m = vit(c, tokenDim, grid, 1);
        m.put("positionEmbedding", false);
        return m;
    }

    private static Map<String, Object> adapted(EncryptionConfig c, int channels, int size) {
        Map<String, Object> backbone = vit(c, channels, size, c.blockSize);
        backbone.remove("_family");
        backbone.remove("inChannels");
        backbone.remove("imageSize");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_family", "adapted");
        m.put("inChannels", 2 * channels);
        m.put("blockSize", c.blockSize);
        m.put("hidden", c.adaptationHidden);
        m.put("adaptedChannels", channels);
        m.put("imageSize", size);
        m.put("backbone", "vit");
        m.put("backboneConfig", backbone);
        return m;
    }

    private static Map<String, Object> convMixer(EncryptionConfig c, int channels, int size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_family", "convmixer");
        m.put("dim", c.convMixerDim);
        m.put("depth", c.convMixerDepth);
        m.put("kernelSize", 5);
        m.put("patchSize", c.blockSize);
        m.put("inChannels", channels);
        m.put("imageSize", size);
        m.put("activation", "gelu");
        return m;
    }

    // ------------------------------------------------------------------ the matching attack

    private static BreakRun breakScheme(EncryptionConfig config, SchemeOptions options, String dataset, Scheme scheme, long seed, INDArray trainImages,
                                        INDArray testImages, RunDirectory run, RunKeys keys, TrainingCheckpoints matcher, PrintStream log) throws IOException {
        KeyGeometry g = scheme.geometry((int) trainImages.size(1), (int) trainImages.size(2), (int) trainImages.size(3), options);
        // targets: test images first, then the last training images; the attacker's own images are the other training images
        int nTest = (int) testImages.size(0), nTrain = (int) trainImages.size(0);
        int fromTrain = Math.max(0, config.breakTargets - nTest);
        if (fromTrain >= nTrain) throw new IllegalArgumentException("config field 'breakTargets': " + config.breakTargets + " exceeds the images of " + dataset);
        INDArray originals = fromTrain == 0 ? first(testImages, config.breakTargets)
                : Nd4j.concat(0, testImages, trainImages.get(NDArrayIndex.interval(nTrain - fromTrain, nTrain)).dup('c'));
        INDArray auxiliary = first(trainImages, nTrain - fromTrain);
        int n = (int) originals.size(0);

        // the owner: encodes the targets in batches with a secret key, and publishes them in a shuffled order
        EncryptionKey ownerKey = ownerKey(config, run, keys, dataset + "-" + scheme.configName() + "-break-seed" + seed, scheme, g,
                () -> scheme.generate(ownerRandom(config, seed, "break-key/" + dataset + "/" + scheme.configName()), g, options), log);
        ImageEncoder owner = Scheme.encoder(ownerKey, ownerRandom(config, seed, "break-tokens/" + dataset + "/" + scheme.configName()));
        List<INDArray> parts = new ArrayList<>();
        for (int s = 0; s < n; s += config.encodeBatchSize) {
            parts.add(owner.encode(originals.get(NDArrayIndex.interval(s, Math.min(n, s + config.encodeBatchSize))).dup('c')));
        }
        INDArray encoded = Nd4j.concat(0, parts.toArray(INDArray[]::new));
        int[] truth = KeySource.permutation(n, ownerRandom(config, seed, "break-order/" + dataset + "/" + scheme.configName()));
        INDArray published = Nd4j.pullRows(encoded.reshape('c', n, -1), 1, truth).reshape('c', encoded.shape());

        NeuraCryptBreak.Config bc = new NeuraCryptBreak.Config(config.breakEncoders, config.breakImagesPerEncoder, config.encodeBatchSize,
                config.breakSteps, config.breakBatchSize, config.breakLr, config.breakCandidates, config.breakRefinements,
                ExperimentSeeds.of(seed, "break-attacker/" + dataset + "/" + scheme.configName()));
        log.printf(Locale.ROOT, "matching attack on %s/%s, owner key %s, %d targets (%s)%n", dataset, scheme, ownerKey.id(), n, bc.describe());
        NeuraCryptBreak.Result r = NeuraCryptBreak.run(
                attackerSeed -> (ShuffledTokenEncoder) Scheme.encoder(scheme.fromSeed(attackerSeed, g, options), KeySource.seeded(attackerSeed + 1)),
                auxiliary, originals, published, truth, config.blockSize, bc, matcher, log);
        log.printf(Locale.ROOT, "  re-identified %.1f%% of %d (chance %.2f%%)%n", 100 * r.reidentification().value(), n, 100.0 / n);
        return new BreakRun(dataset, scheme.configName(), seed, ownerKey.id(), r);
    }

    // ------------------------------------------------------------------ helpers

    /** Where the owner's secret draws come from: SecureRandom, or the named seed with {@code reproducibleKeys}. */
    private static RandomGenerator ownerRandom(EncryptionConfig config, long seed, String name) {
        return config.reproducibleKeys ? KeySource.seeded(ExperimentSeeds.of(seed, name)) : KeySource.secure();
    }

    private static Examples examples(EncryptionConfig config, SchemeOptions options, ImageData data, INDArray testImages) {
        INDArray plain = first(testImages, config.gridImages);
        Map<String, INDArray> encrypted = new LinkedHashMap<>();
        for (Scheme s : config.schemeList()) {
            if (!s.isCipher()) continue;
            KeyGeometry g = s.geometry(data.channels(), data.height(), data.width(), options);
            var cipher = (dev.mamori.methods.encryption.ImageCipher) Scheme.encoder(s.generate(ownerRandom(config, config.trainingSeeds.get(0),
                    "grid-key/" + data.name() + "/" + s.configName()), g, options));
            encrypted.put(s.configName(), cipher.viewable(cipher.encrypt(plain)));
        }
        return new Examples(data.name(), plain, encrypted);
    }

    /** A split's images in memory [N, C, H, W] (the attacks work on a few thousand small images). */
    @SuppressWarnings("unchecked")
    static INDArray images(Dataset<? extends LabeledImage> ds) {
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images((Dataset<LabeledImage>) ds).batchSize(256).shuffle(false).build()) {
            return InMemoryBatchSource.collect(loader.epoch(0), 256, false).images();
        }
    }

    static INDArray first(INDArray x, int n) {
        return x.get(NDArrayIndex.interval(0, Math.min(n, x.size(0)))).dup('c');
    }
}
