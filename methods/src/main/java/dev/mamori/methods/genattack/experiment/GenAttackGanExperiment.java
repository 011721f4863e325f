package dev.mamori.methods.genattack.experiment;

import dev.mamori.methods.common.ExperimentOutcome;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mamori.eval.report.AtomicFiles;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.judge.Judge;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.diffusion.CaptionedImages;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.genattack.attack.EncryptedImageBaseline;
import dev.mamori.methods.genattack.attack.FreshKeyEncryption;
import dev.mamori.methods.genattack.attack.GenerativeAttack;
import dev.mamori.methods.genattack.attack.ReconstructionAttack;
import dev.mamori.methods.genattack.attack.SchemeComparison;
import dev.mamori.methods.genattack.attack.StyleGanEncoderAttack;
import dev.mamori.methods.genattack.attack.UNetInversionAttack;
import dev.mamori.methods.genattack.attributes.AttributeAccuracy;
import dev.mamori.methods.genattack.attributes.AttributeClassifier;
import dev.mamori.methods.genattack.attributes.AttributeLabels;
import dev.mamori.methods.genattack.gan.GanTraining;
import dev.mamori.models.gan.StyleGan2;
import dev.mamori.models.gan.StyleGanFiles;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The generative attack experiment with StyleGAN (docs/METHODS.md item 7; the CLI's {@code mamori run genattack-gan}):
 * <ol>
 *   <li>stage "gan": a StyleGAN2 trained on the dataset's training split (or a given file), kept in the run;</li>
 *   <li>stage "judge": the independent judge classifier ({@link Judge}: class agreement, perceptual distance);</li>
 *   <li>per attack seed and scheme (one stage each): the pSp encoder attack trained on (encrypted, plain) pairs with a
 *       fresh key per pair and decoded through the frozen generator, and the U-Net inverse-translation baseline, both
 *       scored by {@link SchemeComparison} against the encrypted images themselves on the same test images, encrypted
 *       with keys none of them trained on; for the attribute schemes (EtC, grayscale EtC on emoji-faces) the attribute
 *       classifier trained on plain faces reads the plain, encrypted and reconstructed faces, beside a classifier trained
 *       on encrypted faces (the upper bound of leakage);</li>
 *   <li>the report with the tables, grids and claims.</li>
 * </ol>
 * A killed run resumed with the same config skips every finished stage (its numbers and grid are read back from the run
 * directory); the GAN's own training resumes from its checkpoints.
 */
public final class GenAttackGanExperiment {
    static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    public static final String GRID_FILE = "grid.png";

    private GenAttackGanExperiment() {
    }

    /** Everything the run measured. */
    public record Result(GenAttackGanConfig config, List<ComparisonRow> comparisons, List<AttributeRow> attributes, List<Claim> claims,
                         Map<String, Path> grids, WrittenReport report, Path directory, double seconds, int stagesSkipped) implements ExperimentOutcome {
    }

    /** The data of a run: training and test images, labels and (emoji-faces) attributes. */
    record Data(ImageData data, INDArray train, INDArray test, int[] testLabels, AttributeLabels trainAttributes, AttributeLabels testAttributes) {
    }

    public static Result run(GenAttackGanConfig cfg, RunDirectory run, PrintStream log) throws IOException {
        cfg.validate();
        long t0 = System.nanoTime();
        Data d = load(cfg, log);
        StyleGan2 gan = generator(cfg, run, d, log);
        Judge judge = Judge.obtain(cfg.judgeSettings(), d.data(), cfg.dataset, cfg.seed, run.stage("judge"), log);
        run.markDone("judge", judge.testAccuracy() == null ? Map.of() : Map.of("accuracy", judge.testAccuracy()));
        SchemeComparison.Scorers scorers = SchemeComparison.Scorers.of(judge, ExperimentSeeds.of(cfg.seed, "bootstrap"));

        List<ComparisonRow> comparisons = new ArrayList<>();
        List<AttributeRow> attributes = new ArrayList<>();
        Map<String, Path> grids = new LinkedHashMap<>();
        Map<Long, AttributeClassifier> plainReaders = new HashMap<>();
        int skipped = 0;
        for (long seed : cfg.attackSeeds) {
            for (Scheme scheme : cfg.schemeList()) {
                String stage = stageName(seed, scheme);
                Path dir = run.stage(stage);
                grids.put(stage, dir.resolve(GRID_FILE));
                if (run.done(stage)) {
                    JsonNode n = run.result(stage).orElseThrow();
                    comparisons.addAll(List.of(JSON.treeToValue(n.get("comparisons"), ComparisonRow[].class)));
                    attributes.addAll(List.of(JSON.treeToValue(n.get("attributes"), AttributeRow[].class)));
                    skipped++;
                    log.printf(Locale.ROOT, "%s: finished earlier in this run, skipped%n", stage);
                    continue;
                }
                long s0 = System.nanoTime();
                Unit u = attackScheme(cfg, d, gan, scheme, seed, scorers, plainReaders, dir, log);
                comparisons.addAll(u.comparisons());
                attributes.addAll(u.attributes());
                run.markDone(stage, Map.of("comparisons", u.comparisons(), "attributes", u.attributes(), "seconds", (System.nanoTime() - s0) / 1e9));
            }
        }
        List<Claim> claims = new GenAttackGanClaims(cfg, comparisons, attributes).all();
        double seconds = (System.nanoTime() - t0) / 1e9;
        WrittenReport report = GenAttackGanReport.write(cfg, judge, d, comparisons, attributes, claims, grids, seconds, skipped, run.dir());
        log.printf(Locale.ROOT, "genattack-gan: done in %.1f min (%d stages resumed); report %s%n", seconds / 60, skipped, report.html());
        return new Result(cfg, comparisons, attributes, claims, grids, report, run.dir(), seconds, skipped);
    }

    static String stageName(long seed, Scheme scheme) {
        return "seed" + seed + "/" + scheme.configName();
    }

    private static Data load(GenAttackGanConfig cfg, PrintStream log) throws IOException {
        ImageData data = ImageData.open(cfg.dataset, cfg.trainSubset, cfg.testImages, cfg.seed, log);
        CaptionedImages train = CaptionedImages.of(data.train(), cfg.dataset, "{caption}");
        CaptionedImages test = CaptionedImages.of(data.test(), cfg.dataset, "{caption}");
        AttributeLabels trainAttr = null, testAttr = null;
        if (cfg.attributesMeasured()) {
            trainAttr = AttributeLabels.of(data.train(), AttributeLabels.FACE_ATTRIBUTES);
            testAttr = AttributeLabels.of(data.test(), AttributeLabels.FACE_ATTRIBUTES);
        }
        log.printf(Locale.ROOT, "genattack-gan: %s, %d training and %d test images %dx%dx%d; schemes %s; attack seeds %s%n", cfg.dataset, train.size(),
                test.size(), data.channels(), data.height(), data.width(), cfg.schemes, cfg.attackSeeds);
        return new Data(data, train.images(), test.images(), test.labels(), trainAttr, testAttr);
    }

    /** The given generator, the one an earlier attempt of this run trained, or a new one (stage "gan"). */
    private static StyleGan2 generator(GenAttackGanConfig cfg, RunDirectory run, Data d, PrintStream log) throws IOException {
        StyleGan2 gan;
        if (!cfg.ganFile.isBlank()) {
            gan = StyleGanFiles.load(Path.of(cfg.ganFile));
            log.println("generator: " + cfg.ganFile);
        } else if (run.done("gan")) {
            gan = StyleGanFiles.load(run.dir().resolve("gan").resolve(GanTraining.MODEL_FILE));
            log.println("generator: trained earlier in this run");
        } else {
            GanTraining.Result r = GanTraining.train(cfg.gan, run.stage("gan"), log);
            run.markDone("gan", Map.of("trainImages", r.trainImages(), "seconds", r.history().seconds()));
            gan = r.gan();
        }
        gan.generator.checkImages(d.train().shape(), "the generator (dataset '" + cfg.dataset + "')");
        if (!gan.generator.trainableParameters().isEmpty()) gan.generator.freeze("*");
        return gan;
    }

    /** What one (seed, scheme) stage measured. */
    record Unit(List<ComparisonRow> comparisons, List<AttributeRow> attributes) {
    }

    private static Unit attackScheme(GenAttackGanConfig cfg, Data d, StyleGan2 gan, Scheme scheme, long seed, SchemeComparison.Scorers scorers,
                                     Map<Long, AttributeClassifier> plainReaders, Path dir, PrintStream log) throws IOException {
        SchemeOptions options = cfg.schemeOptions();
        int c = d.data().channels(), h = d.data().height(), w = d.data().width();
        KeyGeometry g = scheme.geometry(c, h, w, options);
        String name = scheme.configName();
        FreshKeyEncryption attackerKeys = FreshKeyEncryption.seeded(scheme, options, c, h, w);

        // The victims' images: each test image with a key of its own, drawn apart from every attacker's training keys.
        INDArray encrypted = cfg.reproducibleKeys
                ? attackerKeys.apply(d.test(), new SplittableRandom(ExperimentSeeds.of(seed, "test-keys/" + name)))
                : FreshKeyEncryption.secure(scheme, options, c, h, w).apply(d.test(), new SplittableRandom(0));

        log.printf(Locale.ROOT, "seed %d, %s: encoder attack (%d epochs on %d images, a fresh key per pair)%n", seed, scheme, cfg.encoderEpochs,
                d.train().size(0));
        var encoder = GenerativeAttack.train(gan.generator, d.train(), attackerKeys, new GenerativeAttack.Settings(cfg.encoderWidth, cfg.encoderEpochs,
                cfg.encoderBatchSize, cfg.encoderLr, cfg.latentWeight, ExperimentSeeds.of(seed, "encoder/" + name)),
                new TrainingCheckpoints(dir.resolve("encoder-checkpoints"), TrainingCheckpoints.DEFAULT_EVERY_SECONDS, null));
        ReconstructionAttack styleGan = new StyleGanEncoderAttack(encoder, gan.generator);
        InverseTranslation.Config uc = new InverseTranslation.Config(cfg.unetSteps, cfg.unetBatchSize, cfg.unetLr, cfg.unetBaseChannels, cfg.unetDepth,
                ExperimentSeeds.of(seed, "unet/" + name));
        log.printf(Locale.ROOT, "seed %d, %s: %s%n", seed, scheme, uc.describe());
        ReconstructionAttack unet = new UNetInversionAttack(InverseTranslation.train(scheme, options, g, d.train(), uc,
                new TrainingCheckpoints(dir.resolve("unet-checkpoints"), TrainingCheckpoints.DEFAULT_EVERY_SECONDS, null), log).unet());
        ReconstructionAttack baseline = new EncryptedImageBaseline(scheme, options, g);

        SchemeComparison.Result r = SchemeComparison.compare(new SchemeComparison.Targets(name, d.test(), encrypted, d.testLabels()), baseline,
                List.of(styleGan, unet), scorers, cfg.gridImages);
        AtomicFiles.writePng(dir.resolve(GRID_FILE), SchemeComparison.grid(r, GRID_FILE).image());
        List<ComparisonRow> rows = r.attacks().stream().map(a -> ComparisonRow.of(seed, name, a)).toList();
        for (ComparisonRow row : rows) {
            log.printf(Locale.ROOT, "  %-17s PSNR %6.2f dB  SSIM %.3f  perceptual %s  agreement %s%n", row.attack(), row.psnr().value(), row.ssim().value(),
                    row.perceptual() == null ? "-" : String.format(Locale.ROOT, "%.3f", row.perceptual().value()),
                    row.agreement() == null ? "-" : String.format(Locale.ROOT, "%.3f", row.agreement().value()));
        }

        List<AttributeRow> attrs = new ArrayList<>();
        if (cfg.attributesMeasured() && cfg.attributeSchemes.contains(name)) {
            AttributeClassifier plain = plainReaders.computeIfAbsent(seed, s -> {
                log.printf(Locale.ROOT, "seed %d: attribute classifier on plain faces%n", s);
                // one plain reader per seed, shared by the seed's schemes: its checkpoints sit beside the schemes' folders
                return AttributeClassifier.train(d.train(), d.trainAttributes(), null, new long[]{c, h, w}, attributeSettings(cfg, s, "plain"),
                        new TrainingCheckpoints(dir.getParent().resolve("attributes-plain-checkpoints"), TrainingCheckpoints.DEFAULT_EVERY_SECONDS,
                                "attributes (plain)"));
            });
            long bs = ExperimentSeeds.of(seed, "attribute-bootstrap/" + name);
            read(attrs, seed, name, AttributeRow.PLAIN, plain.predict(d.test()), d, cfg, bs);
            read(attrs, seed, name, AttributeRow.ENCRYPTED, plain.predict(baseline.reconstruct(encrypted)), d, cfg, bs);
            read(attrs, seed, name, styleGan.name(), plain.predict(styleGan.reconstruct(encrypted)), d, cfg, bs);
            read(attrs, seed, name, unet.name(), plain.predict(unet.reconstruct(encrypted)), d, cfg, bs);
            log.printf(Locale.ROOT, "seed %d, %s: attribute classifier on encrypted faces (a fresh key per image)%n", seed, scheme);
            AttributeClassifier onEncrypted = AttributeClassifier.train(d.train(), d.trainAttributes(), attackerKeys, attackerKeys.encodedShape(),
                    attributeSettings(cfg, seed, "encrypted/" + name),
                    new TrainingCheckpoints(dir.resolve("attributes-encrypted-checkpoints"), TrainingCheckpoints.DEFAULT_EVERY_SECONDS, "attributes (encrypted)"));
            read(attrs, seed, name, AttributeRow.UPPER_BOUND, onEncrypted.predict(encrypted), d, cfg, bs);
        }
        return new Unit(rows, attrs);
    }

    private static void read(List<AttributeRow> out, long seed, String scheme, String reader, int[][] predicted, Data d, GenAttackGanConfig cfg, long seed2) {
        for (AttributeAccuracy a : AttributeAccuracy.all(d.testAttributes(), predicted, cfg.minPerClass, seed2)) {
            out.add(new AttributeRow(seed, scheme, reader, a));
        }
    }

    static AttributeClassifier.Settings attributeSettings(GenAttackGanConfig cfg, long seed, String label) {
        return new AttributeClassifier.Settings(cfg.attributeDim, cfg.attributeDepth, 5, cfg.blockSize, cfg.attributeEpochs, cfg.attributeBatchSize,
                cfg.attributeLr, ExperimentSeeds.of(seed, "attributes/" + label));
    }

    /** The grid a stage wrote, for the report. */
    static java.awt.image.BufferedImage readGrid(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("the grid " + file + " of a finished stage is missing; start the run again");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(file.toFile());
        if (img == null) throw new IOException(file + ": not a readable PNG");
        return img;
    }
}
