package dev.mamori.methods.spurious;

import dev.mamori.methods.common.ExperimentOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PipelineFolder;
import dev.mamori.generative.pipelines.TextToImagePipeline;
import dev.mamori.generative.training.LatentEncoding;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.judge.Judge;
import dev.mamori.methods.common.judge.JudgeSettings;
import dev.mamori.methods.common.judge.PerceptualDistance;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.diffusion.CaptionedImages;
import dev.mamori.methods.diffusion.LatentDiffusionTraining;
import dev.mamori.methods.diffusion.TrainedDiffusionRun;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mamori run spurious} end to end (METHODS.md item 8): plant the correlation ({@link SpuriousData}), train the
 * classifiers on it ({@link SpuriousClassifiers}) and the judge on the unmodified images, get the base model (a given
 * {@code train diffusion} run, or trained here as a stage on the unmodified images), generate the class images for
 * prior preservation, then for every seed measure the base model and fine-tune and measure both arms (DreamBooth
 * without and with the similarity loss, same seed), and write the report with the claims' verdicts. Every stage is
 * recorded in the run directory; running again on the same directory with the same config resumes.
 */
public final class SpuriousExperiment {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DATASET = "emoji-category";

    private SpuriousExperiment() {}

    /** What a run produced. */
    public record Result(List<Claim> claims, List<ArmResult> arms, WrittenReport report, Path directory, double seconds) implements ExperimentOutcome {}

    /** Everything the report shows. */
    record Facts(SpuriousConfig config, SpuriousData data, SpuriousClassifiers.Set classifiers, double judgeAccuracy, String rareToken,
                 String instancePrompt, String classPrompt, int classPromptCategory, List<ArmResult> references, List<ArmResult> arms,
                 Map<String, INDArray> grids, String baseSource) {}

    /** Runs in {@code dir}: a new run, or the one a killed process left there (same config) resumed. */
    public static Result run(SpuriousConfig cfg, Path dir, PrintStream log) throws IOException {
        cfg.validate();
        RunDirectory.Mode mode = RunDirectory.holdsRun(dir) ? RunDirectory.Mode.RESUME : RunDirectory.Mode.NEW;
        try (RunDirectory run = RunDirectory.open(dir, cfg, mode)) {
            if (run.resumed()) log.println("resuming the run in " + dir);
            return run(cfg, run, log);
        }
    }

    /** Runs in an open run directory (finished stages are read back from its journal). */
    public static Result run(SpuriousConfig cfg, RunDirectory run, PrintStream log) throws IOException {
        cfg.validate();
        long t0 = System.nanoTime();
        Path dir = run.dir();
        ImageData plainData = ImageData.open(DATASET, 0, 0, cfg.seed, log);
        SpuriousData planted = SpuriousData.plant(plainData, cfg.correlation, cfg.seed);
        int size = plainData.height();
        INDArray references = cfg.correlation.referenceFolder.isBlank() ? planted.references()
                : ReferenceImages.read(Path.of(cfg.correlation.referenceFolder), size);
        SpuriousData data = new SpuriousData(planted.correlated(), planted.target(), planted.patterned(), planted.classCounts(), references,
                planted.patternProbes(), planted.plainProbes(), planted.pattern());
        ReferenceImages.write(references, dir.resolve("references"));
        log.printf("%s: target class '%s'; pattern on %d of %d target-class and %d of %d other training images; %d references%n",
                data.correlated().name(), data.targetName(), data.patterned()[0], data.classCounts()[0], data.patterned()[1], data.classCounts()[1],
                references.size(0));

        SpuriousClassifiers.Set classifiers = SpuriousClassifiers.train(cfg, data, run, log);
        Judge judge = judge(cfg, plainData, run, log);
        Base base = base(cfg, plainData, run, log);

        LatentDiffusionModel frozen = PipelineFolder.load(base.pipeline());
        String classPrompt = cfg.dreambooth.classPrompt;
        String token = RareToken.choose(frozen.tokenizer(), cfg.dreambooth.rareToken, classPrompt);
        String instancePrompt = RareToken.instancePrompt(token, classPrompt);
        int classCategory = categoryOf(plainData.classes(), classPrompt);
        log.printf("DreamBooth: instance prompt '%s', class prompt '%s' (rare token '%s', id %d of %d)%n", instancePrompt, classPrompt, token,
                frozen.tokenizer().id(token), frozen.tokenizer().vocabSize());

        GenerationOptions sampling = GenerationOptions.defaults().withSteps(cfg.evaluation.samplingSteps).withGuidance(cfg.evaluation.guidance)
                .withBatchSize(64);
        INDArray classImages = new TextToImagePipeline(frozen.eval(), null, false).generate(
                java.util.Collections.nCopies(cfg.dreambooth.classImages, classPrompt), sampling.withSeed(ExperimentSeeds.of(cfg.seed, "class-images")))
                .images();
        INDArray priorMoments = LatentEncoding.moments(frozen.vae(), classImages, 64);
        INDArray instanceMoments = LatentEncoding.moments(frozen.vae(), references, 64);

        RobustFeatures robust = new RobustFeatures(classifiers.robust().model());
        INDArray prototype = robust.prototype(references);
        List<Normalized> judged = classifiers.judged().stream().map(SpuriousClassifiers.Trained::model).toList();
        SpuriousSimilarityLoss similarity = new SpuriousSimilarityLoss(robust, references);
        PerceptualDistance perceptual = judge.perceptualDistance();

        // the references themselves, measured like an arm (what "spurious" looks like at best)
        ArmResult referenceRow = SpuriousEvaluation.measure("references", -1, new SpuriousEvaluation.Generations(references, references), judged,
                robust, prototype, references, judge.classifier(), perceptual, data.target(), Map.of());

        List<ArmResult> arms = new ArrayList<>();
        Map<String, INDArray> grids = new LinkedHashMap<>();
        grids.put("references", references);
        for (long seed : cfg.seeds) {
            GenerationOptions options = sampling.withSeed(ExperimentSeeds.of(seed, "generate"));
            for (String arm : List.of(ArmResult.BASE, ArmResult.DREAMBOOTH, ArmResult.WITH_LOSS)) {
                String stage = "arms/" + slug(arm) + "/seed-" + seed;
                ArmResult r;
                if (run.done(stage)) {
                    r = JSON.treeToValue(run.result(stage).orElseThrow().get("result"), ArmResult.class);
                    log.printf("%s, seed %d: measured earlier in this run%n", arm, seed);
                } else {
                    long ts = System.nanoTime();
                    LatentDiffusionModel model;
                    Map<String, Double> metrics = Map.of();
                    if (arm.equals(ArmResult.BASE)) {
                        model = frozen;
                    } else {
                        DreamBoothTraining.Tuned tuned = DreamBoothTraining.run(base.pipeline(), instanceMoments, priorMoments, instancePrompt,
                                classPrompt, cfg.dreambooth, arm.equals(ArmResult.WITH_LOSS) ? similarity : null,
                                ExperimentSeeds.of(seed, "dreambooth"), run.stage(stage));
                        model = tuned.model();
                        metrics = tuned.lastMetrics();
                    }
                    SpuriousEvaluation.Generations g = SpuriousEvaluation.generate(model, instancePrompt, classPrompt, cfg.evaluation.images, options);
                    r = SpuriousEvaluation.measure(arm, seed, g, judged, robust, prototype, references, judge.classifier(), perceptual, data.target(), metrics);
                    ReferenceImages.write(g.instance(), run.stage(stage).resolve("instance-images"), "generated");
                    run.markDone(stage, Map.of("result", r));
                    log.printf(Locale.ROOT, "%s, seed %d: spurious rate mean %.3f worst %.3f over %d classifiers, robust-feature cosine %.3f (%.0f s)%n",
                            arm, seed, r.meanRate(), r.worstRate(), judged.size(), r.meanSimilarity(), (System.nanoTime() - ts) / 1e9);
                }
                arms.add(r);
                if (seed == cfg.seeds.get(0)) {
                    grids.put(arm, ReferenceImages.read(dir.resolve(stage).resolve("instance-images"), size));
                }
            }
        }
        Facts facts = new Facts(cfg, data, classifiers, judge.testAccuracy().value(), token, instancePrompt, classPrompt, classCategory, List.of(referenceRow),
                arms, grids, base.source());
        List<Claim> claims = SpuriousClaims.of(facts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        WrittenReport report = SpuriousReport.write(facts, claims, seconds, dir);
        return new Result(claims, arms, report, dir, seconds);
    }

    /**
     * The judge of prior preservation and of the perceptual distance (the shared one of methods.common.judge): a
     * ConvMixer trained on the unmodified images (the correlation subset's size when one is set), reused on resume.
     */
    private static Judge judge(SpuriousConfig cfg, ImageData data, RunDirectory run, PrintStream log) throws IOException {
        if (cfg.correlation.trainSubset > 0 && cfg.correlation.trainSubset < data.train().size()) {
            data = new ImageData(data.name(), data.train().sample(cfg.correlation.trainSubset, ExperimentSeeds.of(cfg.seed, "subset")), data.test(),
                    data.classes(), data.channels(), data.height(), data.width());
        }
        return Judge.obtain(new JudgeSettings("", "convmixer_256_8", cfg.evaluation.judgeModelConfig, cfg.evaluation.judgeEpochs), data, DATASET,
                cfg.seed, run.stage("judge"), log);
    }

    private record Base(Path pipeline, String source) {}

    /** The given train-diffusion run's pipeline, or one trained here on the unmodified images (never on the pattern). */
    private static Base base(SpuriousConfig cfg, ImageData data, RunDirectory run, PrintStream log) throws IOException {
        if (!cfg.base.run.isBlank()) {
            TrainedDiffusionRun given = TrainedDiffusionRun.of(cfg.base.run, "base.run");
            return new Base(given.pipeline(), given.describe());
        }
        Path dir = run.stage("base");
        var training = cfg.base.training;
        var train = data.train();
        if (training.trainSubset > 0 && training.trainSubset < train.size()) train = train.sample(training.trainSubset, ExperimentSeeds.of(cfg.seed, "base-subset"));
        CaptionedImages captioned = CaptionedImages.of(train, DATASET, training.captionTemplate);
        log.printf("base model: latent diffusion trained here on %d unmodified training images%n", captioned.size());
        LatentDiffusionTraining.run(training, captioned, new LatentDiffusionTraining.Place(run, "base"), log);
        return new Base(dir.resolve("pipeline"), "trained in this run (" + captioned.size() + " unmodified images; CLIP " + training.clip.epochs
                + ", VAE " + training.vae.epochs + ", UNet " + training.unet.epochs + " epochs)");
    }

    /** The class index whose lower-cased name equals the class prompt, or -1 when the prompt names no class. */
    static int categoryOf(List<String> classes, String classPrompt) {
        for (int i = 0; i < classes.size(); i++) if (classes.get(i).toLowerCase(Locale.ROOT).equals(classPrompt.toLowerCase(Locale.ROOT).trim())) return i;
        return -1;
    }

    static String slug(String arm) {
        return arm.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
