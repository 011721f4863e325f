package dev.mamori.methods.genattack.ldm.experiment;

import dev.mamori.methods.common.ExperimentOutcome;
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
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.genattack.attack.ComparisonRecord;
import dev.mamori.methods.genattack.attack.EncryptedImageBaseline;
import dev.mamori.methods.genattack.attack.FreshKeyEncryption;
import dev.mamori.methods.genattack.attack.GenerativeAttack;
import dev.mamori.methods.genattack.attack.ReconstructionAttack;
import dev.mamori.methods.genattack.attack.SchemeComparison;
import dev.mamori.methods.genattack.attack.StyleGanEncoderAttack;
import dev.mamori.methods.genattack.attack.UNetInversionAttack;
import dev.mamori.methods.genattack.ldm.LatentDiffusionAttack;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.StateDictFiles;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.PspEncoder;
import dev.mamori.models.gan.StyleGanFiles;
import dev.mamori.models.translation.TranslationUNet;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code mamori run genattack-ldm}: the latent-diffusion attack on learnable image encryption
 * ({@link LatentDiffusionAttack}, docs/METHODS.md item 7 (b)) against every configured scheme, beside the
 * inverse-translation U-Net baseline and (given a trained generator) the StyleGAN encoder attack, all trained with a
 * fresh key per pair on the attacker's own images and judged by {@link SchemeComparison} on the SAME test images
 * encrypted under the SAME keys, keys none of them trained on: the encrypted image itself is the floor. Per seed every
 * attack is trained again (weights, batches, training keys and test keys all derive from the run seed + the seed
 * index). Stages (the VAE, the judge, each trained attack, each scored cell of scheme and seed) are journaled in the run
 * directory. A resumed run reads every scored cell back from its journal line (scores and the grid's examples at 8
 * bits: {@link ComparisonRecord}), so a cell scored earlier needs no weights, judge or VAE, and a run carried to
 * another machine as its config.json and journal.jsonl alone continues; for a cell not yet scored it loads the
 * finished attacks whose weights are present, continues an interrupted training from its checkpoint, trains the rest
 * (also those journaled as finished whose weights were not carried) and scores it. The report is written again.
 */
public final class GenAttackLdmExperiment {
    private GenAttackLdmExperiment() {
    }

    /** The claims, the written report, each seed's comparisons, and the wall time. */
    public record Result(List<Claim> claims, WrittenReport report, Map<Integer, List<SchemeComparison.Result>> comparisons, double seconds) implements ExperimentOutcome {
    }

    public static Result run(GenAttackLdmConfig cfg, RunDirectory run, PrintStream log) throws IOException {
        cfg.validate();
        long t0 = System.nanoTime();
        ImageData data = ImageData.open(cfg.dataset, cfg.trainSubset, cfg.testSubset, cfg.seed, log);
        CaptionedImages train = CaptionedImages.of(data.train(), cfg.dataset, "{caption}");
        CaptionedImages test = CaptionedImages.of(data.test(), cfg.dataset, "{caption}");
        INDArray plain = train.images(), targets = test.images();
        int c = (int) plain.size(1), h = (int) plain.size(2), w = (int) plain.size(3);
        log.printf("genattack-ldm: %s, %d attacker images, %d test images %dx%dx%d, schemes %s, %d seed(s)%n", cfg.dataset, plain.size(0),
                targets.size(0), c, h, w, cfg.schemes, cfg.seeds);

        // the judge, the VAE and the generator are obtained when a cell is first scored: a cell scored earlier needs none
        Scoring scoring = new Scoring(cfg, data, plain, run, log);
        SchemeOptions options = SchemeOptions.defaults().withBlockSize(cfg.blockSize);
        Map<Integer, List<SchemeComparison.Result>> bySeed = new LinkedHashMap<>();
        for (int k = 0; k < cfg.seeds; k++) {
            long seed = cfg.seed + k;
            List<SchemeComparison.Result> results = new ArrayList<>();
            for (Scheme scheme : cfg.schemeList()) {
                KeyGeometry geometry = scheme.geometry(c, h, w, options);
                String cell = scheme.configName() + "/seed" + k;
                String scored = "compare/" + cell;
                if (run.done(scored)) {
                    SchemeComparison.Result r = read(run, scored);
                    log.printf("%s: done earlier, %d attacks scored on %d test images (read back from the journal)%n", cell, r.attacks().size(), r.images());
                    results.add(r);
                    continue;
                }
                // test keys: their own stream, apart from every training stream (training keys come from the trainers' step generators)
                INDArray encrypted = InverseTranslation.encryptEachWithFreshKey(scheme, options, geometry, targets,
                        new SplittableRandom(ExperimentSeeds.of(seed, "test-keys/" + scheme.configName())));
                // the judge, the VAE, the generator (a bad file fails before any attack trains), then the attacks
                SchemeComparison.Scorers scorers = scoring.scorers();
                AutoencoderKL vae = scoring.vae();
                Generator generator = scoring.generator();
                List<ReconstructionAttack> attacks = new ArrayList<>();
                attacks.add(latentDiffusion(cfg, run, vae, scheme, options, plain, seed, cell, log));
                attacks.add(inverseTranslation(cfg, run, scheme, options, geometry, plain, seed, cell, log));
                if (generator != null) attacks.add(styleGan(cfg, run, generator, scheme, options, plain, seed, cell, log));
                log.printf("%s: scoring %d attacks on %d test images%n", cell, attacks.size() + 1, targets.size(0));
                SchemeComparison.Result measured = SchemeComparison.compare(new SchemeComparison.Targets(scheme.configName(), targets, encrypted,
                        test.labels()), new EncryptedImageBaseline(scheme, options, geometry), attacks, scorers, cfg.examples);
                ComparisonRecord record = ComparisonRecord.of(measured);
                run.markDone(scored, Map.of("comparison", record));
                results.add(record.result()); // as a resumed run reads it back: the grids' examples at 8 bits
            }
            bySeed.put(k, results);
        }
        boolean ganMeasured = !cfg.ganModel.isBlank();
        List<Claim> claims = GenAttackLdmClaims.of(cfg, bySeed, ganMeasured);
        double seconds = (System.nanoTime() - t0) / 1e9;
        WrittenReport report = GenAttackLdmReport.write(cfg, scoring.judgeFacts(), AutoencoderStage.origin(cfg), bySeed, claims, seconds, run.dir());
        return new Result(claims, report, bySeed, seconds);
    }

    /** A scored cell as its journal line records it; an error naming the journal and the cell when the line is damaged. */
    private static SchemeComparison.Result read(RunDirectory run, String stage) {
        ComparisonRecord record = run.result(stage, "comparison", ComparisonRecord.class);
        try {
            return record.result();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(run.journal().file() + ": the finished stage " + stage + ", field 'comparison': " + e.getMessage(), e);
        }
    }

    /**
     * What scoring a cell needs, obtained when a cell is first scored (a run whose cells were all scored earlier, e.g.
     * one carried to another machine as its config and journal, needs none of it): the judge (its held-out accuracy
     * journaled as stage {@value #JUDGE}, which the report reads), the VAE and the given generator.
     */
    private static final class Scoring {
        private final GenAttackLdmConfig cfg;
        private final ImageData data;
        private final INDArray plain;
        private final RunDirectory run;
        private final PrintStream log;
        private SchemeComparison.Scorers scorers;
        private AutoencoderKL vae;
        private Generator generator;
        private boolean generatorLoaded;

        Scoring(GenAttackLdmConfig cfg, ImageData data, INDArray plain, RunDirectory run, PrintStream log) {
            this.cfg = cfg;
            this.data = data;
            this.plain = plain;
            this.run = run;
            this.log = log;
        }

        SchemeComparison.Scorers scorers() throws IOException {
            if (scorers == null) {
                Judge judge = Judge.obtain(cfg.judgeSettings(), data, cfg.dataset, cfg.seed, run.stage(JUDGE), log);
                run.markDone(JUDGE, Map.of("facts", new JudgeFacts(judge.testAccuracy(), judge.beatsChance())));
                scorers = SchemeComparison.Scorers.of(judge, ExperimentSeeds.of(cfg.seed, "bootstrap"));
            }
            return scorers;
        }

        AutoencoderKL vae() throws IOException {
            if (vae == null) vae = AutoencoderStage.obtain(cfg, plain, run, log).vae();
            return vae;
        }

        Generator generator() throws IOException {
            if (!generatorLoaded) {
                generator = cfg.ganModel.isBlank() ? null : StyleGanFiles.load(Path.of(cfg.ganModel)).generator;
                if (generator != null) generator.checkImages(plain.shape(), "ganModel " + cfg.ganModel);
                generatorLoaded = true;
            }
            return generator;
        }

        /** The judge as the report describes it: as journaled when it was first obtained (obtained now if it never was). */
        JudgeFacts judgeFacts() throws IOException {
            if (!run.done(JUDGE)) scorers();
            return run.result(JUDGE, "facts", JudgeFacts.class);
        }
    }

    /** The judge stage's journal name (its classifier is kept in the folder of that name). */
    static final String JUDGE = "judge";

    /**
     * What the report says of the judge.
     *
     * @param testAccuracy its held-out accuracy; null for a given classifier file, whose accuracy this run did not measure
     * @param beatsChance  {@link Judge#beatsChance()}
     */
    record JudgeFacts(Proportion testAccuracy, boolean beatsChance) {}

    private static LatentDiffusionAttack latentDiffusion(GenAttackLdmConfig cfg, RunDirectory run, AutoencoderKL vae, Scheme scheme,
                                                         SchemeOptions options, INDArray plain, long seed, String cell, PrintStream log) throws IOException {
        String stage = "ldm/" + cell;
        FreshKeyEncryption keys = FreshKeyEncryption.seeded(scheme, options, (int) plain.size(1), (int) plain.size(2), (int) plain.size(3));
        LatentDiffusionAttack attack = LatentDiffusionAttack.create(vae, scheme, cfg.blockSize, keys,
                cfg.ldmSettings(ExperimentSeeds.of(seed, "ldm/" + scheme.configName()))).logTo(log);
        Path file = run.stage(stage).resolve("model.safetensors");
        if (run.done(stage) && Files.isRegularFile(file)) {
            log.println(stage + ": done earlier, loaded");
            return attack.load(file);
        }
        if (run.done(stage)) log.println(stage + ": finished earlier, but its weights are not here (a carried run): training it again");
        log.printf("%s: training (%s)%n", stage, attack.settings().describe());
        var r = attack.train(plain, keys, run.stage(stage).resolve("checkpoints"), true);
        attack.save(file);
        run.markDone(stage, Map.of("loss", r.history().isEmpty() ? Double.NaN : r.last().metrics().getOrDefault("train_loss", Double.NaN),
                "steps", r.steps()));
        return attack;
    }

    private static ReconstructionAttack inverseTranslation(GenAttackLdmConfig cfg, RunDirectory run, Scheme scheme, SchemeOptions options,
                                                           KeyGeometry geometry, INDArray plain, long seed, String cell, PrintStream log) throws IOException {
        String stage = "unet/" + cell;
        InverseTranslation.Config config = cfg.unetSettings(ExperimentSeeds.of(seed, "unet/" + scheme.configName()));
        Path file = run.stage(stage).resolve("model.safetensors");
        if (run.done(stage) && Files.isRegularFile(file)) {
            long[] enc = Scheme.encoder(scheme.fromSeed(0, geometry, options)).encodedShape();
            TranslationUNet unet = ModelRegistry.create("translation_unet", Map.of("inChannels", (int) enc[0], "outChannels", geometry.channels(),
                    "baseChannels", config.baseChannels(), "depth", config.depth(), "imageSize", geometry.height()), TranslationUNet.class);
            StateDictFiles.load(unet, file, Set.of());
            log.println(stage + ": done earlier, loaded");
            return new UNetInversionAttack(unet);
        }
        if (run.done(stage)) log.println(stage + ": finished earlier, but its weights are not here (a carried run): training it again");
        log.printf("%s: training (%s)%n", stage, config.describe());
        // an interrupted training continues from its checkpoint
        InverseTranslation.Trained t = InverseTranslation.train(scheme, options, geometry, plain, config,
                new TrainingCheckpoints(run.stage(stage).resolve("checkpoints"), TrainingCheckpoints.DEFAULT_EVERY_SECONDS, null), log);
        StateDictFiles.save(t.unet(), file, Map.of("format", "pt"));
        run.markDone(stage, Map.of("loss", t.outcome().finalLoss(), "steps", t.outcome().steps()));
        return new UNetInversionAttack(t.unet());
    }

    private static ReconstructionAttack styleGan(GenAttackLdmConfig cfg, RunDirectory run, Generator generator, Scheme scheme, SchemeOptions options,
                                                 INDArray plain, long seed, String cell, PrintStream log) throws IOException {
        String stage = "gan-encoder/" + cell;
        FreshKeyEncryption keys = FreshKeyEncryption.seeded(scheme, options, (int) plain.size(1), (int) plain.size(2), (int) plain.size(3));
        GenerativeAttack.Settings s = cfg.ganSettings(ExperimentSeeds.of(seed, "gan-encoder/" + scheme.configName()));
        // the encoder's trainer resumes from its checkpoints: a finished training is loaded, an interrupted one continues
        Path checkpoints = run.stage(stage).resolve("checkpoints");
        log.printf("%s: %s%n", stage, !run.done(stage) ? "training the pSp encoder" : Files.isDirectory(checkpoints) ? "done earlier, loading from its checkpoint"
                : "finished earlier, but its checkpoints are not here (a carried run): training it again");
        PspEncoder encoder = GenerativeAttack.train(generator, plain, keys, s,
                new TrainingCheckpoints(checkpoints, TrainingCheckpoints.DEFAULT_EVERY_SECONDS, null));
        run.markDone(stage, Map.of());
        return new StyleGanEncoderAttack(encoder, generator);
    }
}
