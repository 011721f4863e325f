package dev.mamori.methods.sketch2photo;

import dev.mamori.methods.common.ExperimentOutcome;
import dev.mamori.eval.metrics.Psnr;
import dev.mamori.eval.metrics.Ssim;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.Sampler;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.diffusion.CaptionedImages;
import dev.mamori.methods.diffusion.DiffusionConfig;
import dev.mamori.methods.common.judge.Judge;
import dev.mamori.methods.common.judge.JudgeSettings;
import dev.mamori.methods.common.judge.PerceptualDistance;
import dev.mamori.methods.diffusion.DiffusionRun;
import dev.mamori.methods.diffusion.LatentDiffusionTraining;
import dev.mamori.methods.diffusion.StageSummary;
import dev.mamori.methods.diffusion.TrainedDiffusionRun;
import dev.mamori.models.text.WordTokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mamori run sketch2photo}: text-guided sketch-to-photo (MaungMaung et al. 2023) on emoji, end to end.
 * Self-supervised training from colour images only: {@code train diffusion}'s stages ({@link LatentDiffusionTraining}:
 * tokenizer, CLIP-style pair, autoencoder; trained once, or taken from a trained {@code train diffusion} run) on the
 * colour renderings of the openmoji-sketch training emoji, then per seed a UNet taking the standardized edge map of every
 * training image as one extra input channel beside the noisy latent (the caption by cross-attention) and, for the
 * paper's ablation, a UNet of the same seed trained on the raw edge magnitudes instead ({@link EdgeTraining}). The test
 * is OpenMoji's hand-drawn line art of held-out emoji (never in training, by identity) with the colour renderings as
 * ground truth; every test sketch is drawn under each {@link SketchArm} from the same noise (paired): the standardized
 * sketch, the sketch as drawn to the same model (test-time-only ablation), no sketch (prompt only), and the sketch as
 * drawn to the raw-trained model (the paper's ablation). Measured per sketch: SSIM and PSNR to the ground truth, the
 * perceptual distance (LPIPS-style, in the judge's features: {@link PerceptualDistance}), Dice of the output's
 * standardized edges with the sketch's, and prompt faithfulness (an independent judge classifier's class of the output
 * against the prompt's category).
 *
 * <p>Stages in the run directory: {@code foundation/} (the shared stages, when trained here), {@code judge/},
 * {@code seed-<i>/} and {@code raw-seed-<i>/} (one UNet each, its pipeline folder in {@code <folder>/pipeline}); the
 * journal records each (model, arm)'s scores, so a resumed run neither trains nor samples a finished part again.
 */
public final class Sketch2PhotoExperiment {
    private Sketch2PhotoExperiment() {}

    /**
     * The scores of one seed's models under each arm measured: the model trained on standardized edges and, when trained,
     * the one trained on raw edge magnitudes ({@code rawStages} empty when not).
     */
    public record ModelScores(int index, long seed, Map<SketchArm, ArmScores> arms, List<StageSummary> stages, List<StageSummary> rawStages) {}

    /** What a run produced ({@code foundation}: where the tokenizer, text tower and autoencoder came from, in words). */
    public record Result(Sketch2PhotoConfig config, TestSketches test, List<ModelScores> models, List<Claim> claims, WrittenReport report,
                         String foundation, double seconds) implements ExperimentOutcome {}

    public static Result run(Sketch2PhotoConfig cfg, RunDirectory run, PrintStream log) throws IOException {
        cfg.validate();
        long t0 = System.nanoTime();
        DiffusionConfig d = cfg.stages();
        ImageData data = ImageData.open(d.dataset, 0, 0, cfg.seed, log);
        CaptionedImages train = CaptionedImages.of(data.train(), d.dataset, d.captionTemplate);
        if (d.trainSubset > 0 && d.trainSubset < train.size()) train = train.select(DiffusionRun.sample(train.size(), d.trainSubset, ExperimentSeeds.of(cfg.seed, "subset")));
        TestSketches test = TestSketches.heldOut(data.test(), TestSketches.identities(data.train()), cfg.testSketches,
                ExperimentSeeds.of(cfg.seed, "test-sketches"), d.captionTemplate);
        log.printf("%s: training on %d colour images (no sketches), testing on %d hand-drawn sketches of held-out emoji%n", d.dataset, train.size(), test.size());

        Foundation foundation = foundation(cfg, d, train, data, run, log);
        DiffusionConfig.Evaluation e = d.evaluation;
        Judge judge = Judge.obtain(new JudgeSettings(e.classifier, e.classifierModel, e.classifierModelConfig, e.classifierEpochs), data, d.dataset,
                cfg.seed, run.stage("judge"), log);
        EdgeStandardizer standardizer = cfg.standardizer();
        int latent = latentSize(foundation.parts());
        List<EdgeTraining> trainings = cfg.trainRawEdgeModels ? List.of(EdgeTraining.values()) : List.of(EdgeTraining.STANDARDIZED);
        List<ModelScores> models = new ArrayList<>();
        Map<SketchArm, INDArray> grid = new EnumMap<>(SketchArm.class);
        for (int i = 0; i < cfg.seeds; i++) {
            // both trainings of a seed share its initialization, data order and sampling noise: only the edge channel's training differs
            long seed = ExperimentSeeds.of(cfg.seed, "unet-" + i);
            GenerationOptions o = options(cfg, ExperimentSeeds.of(seed, "sampling"));
            Map<SketchArm, ArmScores> arms = new EnumMap<>(SketchArm.class);
            Map<EdgeTraining, List<StageSummary>> stages = new EnumMap<>(EdgeTraining.class);
            for (EdgeTraining way : trainings) {
                LatentDiffusionTraining.Trained trained = LatentDiffusionTraining.unet(d, seed, train, foundation.parts(), way.condition(standardizer, latent),
                        new LatentDiffusionTraining.Place(run, way.folder(i)), log);
                stages.put(way, trained.stages());
                for (SketchArm arm : SketchArm.of(way)) {
                    String stage = "seed-" + i + "/" + arm.id();
                    if (run.done(stage)) {
                        arms.put(arm, ArmScores.fromJournal(run.result(stage).orElseThrow()));
                        log.printf("model %d, %s: measured earlier%n", i, arm.id());
                    } else {
                        INDArray out = generate(trained.model(), arm, standardizer, test.sketches(), test.prompts(), o);
                        ArmScores s = measure(out, test, standardizer, judge);
                        arms.put(arm, s);
                        run.markDone(stage, s.toJournal());
                        log.printf("model %d, %s: SSIM %.4f, perceptual %.4f, edge Dice %.4f, faithful %.3f%n", i, arm.id(), mean(s.ssim()),
                                s.perceptual() == null ? Double.NaN : mean(s.perceptual()), mean(s.edgeDice()),
                                mean(s.faithful(test.labels())));
                    }
                    if (i == 0) grid.put(arm, gridOutputs(cfg, trained.model(), arm, standardizer, test, o));
                }
            }
            models.add(new ModelScores(i, seed, arms, stages.get(EdgeTraining.STANDARDIZED), stages.getOrDefault(EdgeTraining.RAW, List.of())));
        }
        int[] judgeOnTruth = judge.classifier().predict(test.truth());
        List<Claim> claims = Sketch2PhotoClaims.of(models, test, judgeOnTruth, ExperimentSeeds.of(cfg.seed, "bootstrap"));
        WrittenReport report = Sketch2PhotoReport.write(cfg, test, models, claims, judge, judgeOnTruth, grid, standardizer, foundation.source(), run.dir());
        return new Result(cfg, test, models, claims, report, foundation.source(), (System.nanoTime() - t0) / 1e9);
    }

    /** The tokenizer, text tower and autoencoder the UNets are trained on, and where they came from in words. */
    private record Foundation(LatentDiffusionTraining.Foundation parts, String source) {}

    /** The given train diffusion run's (checked against the data), or trained here as the {@code foundation/} stages. */
    private static Foundation foundation(Sketch2PhotoConfig cfg, DiffusionConfig d, CaptionedImages train, ImageData data, RunDirectory run,
                                         PrintStream log) throws IOException {
        if (cfg.base.run.isBlank()) {
            return new Foundation(LatentDiffusionTraining.foundation(d, train, new LatentDiffusionTraining.Place(run, "foundation"), log),
                    "trained in this run on the same colour training images (CLIP " + d.clip.epochs + ", autoencoder " + d.vae.epochs + " epochs)");
        }
        TrainedDiffusionRun given = TrainedDiffusionRun.of(cfg.base.run, "base.run");
        LatentDiffusionTraining.Foundation parts = LatentDiffusionTraining.Foundation.of(given.load(), cfg.base.fineTuneUnet);
        int size = parts.vae().config().sampleSize();
        if (size != data.height()) {
            throw new IllegalArgumentException("config field 'base.run': " + given.pipeline() + " draws " + size + " px images but " + d.dataset + " has "
                    + data.height() + " px ones (set the dataset's size option to match)");
        }
        long unknown = train.texts().stream().filter(t -> WordTokenizer.words(t).stream().anyMatch(w -> parts.tokenizer().id(w) == WordTokenizer.UNK_ID)).count();
        log.printf("foundation: tokenizer (%d words), text tower and autoencoder (scaling factor %.5f) of %s; %d of %d training captions hold"
                + " words outside its vocabulary%n", parts.tokenizer().vocabSize(), parts.vae().scalingFactor(), given.dir(), unknown, train.size());
        return new Foundation(parts, String.format(Locale.ROOT, "%s (its tokenizer of %d words, text tower and autoencoder%s; trained on that run's"
                + " own images, not these; %d of the %d training captions hold words outside its vocabulary)", given.describe(),
                parts.tokenizer().vocabSize(), cfg.base.fineTuneUnet ? ", and its UNet, which every UNet here starts from and fine-tunes (the edge"
                        + " channel's input weights zero at the start, so the start is the given text-to-image model)" : "; the UNets are trained"
                        + " from scratch", unknown, train.size()));
    }

    /** Images [N, 3, S, S] drawn by {@code model} for the sketches and prompts under {@code arm}. */
    public static INDArray generate(LatentDiffusionModel model, SketchArm arm, EdgeStandardizer standardizer, INDArray sketches, List<String> prompts,
                                    GenerationOptions o) {
        return new SketchToPhotoPipeline(model, arm, standardizer, null).generate(sketches, prompts, o).images();
    }

    /**
     * Per test sketch: SSIM, PSNR and the perceptual distance to the ground truth (the shared LPIPS-style distance in the
     * judge's ConvMixer features; not measured with a judge of another architecture), edge Dice with the sketch, and the
     * judge's class.
     */
    public static ArmScores measure(INDArray outputs, TestSketches test, EdgeStandardizer standardizer, Judge judge) {
        double[] ssim = Ssim.standard().perImage(test.truth(), outputs);
        double[] psnr = Psnr.perImage(test.truth(), outputs);
        double[] dice = EdgeAgreement.dice(standardizer.apply(outputs), standardizer.apply(test.sketches()));
        int[] predicted = judge.classifier().predict(outputs);
        double[] perceptual = judge.classifier().hasFeatureMaps() ? judge.perceptualDistance().between(test.truth(), outputs) : null;
        return new ArmScores(ssim, psnr, perceptual, dice, predicted);
    }

    /** The first grid columns' sketches through {@code arm} of the first seed's model. */
    private static INDArray gridOutputs(Sketch2PhotoConfig cfg, LatentDiffusionModel model, SketchArm arm, EdgeStandardizer standardizer,
                                        TestSketches test, GenerationOptions o) {
        int n = Math.min(cfg.gridColumns, test.size());
        return generate(model, arm, standardizer, test.sketches().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)), test.prompts().subList(0, n), o);
    }

    private static GenerationOptions options(Sketch2PhotoConfig cfg, long seed) {
        DiffusionConfig.Sampling s = cfg.diffusion.sampling;
        return new GenerationOptions(s.sampler.equals("ddpm") ? Sampler.DDPM : Sampler.DDIM, s.steps, GenerationOptions.defaults().spacing(), s.eta,
                cfg.guidance, seed, s.batchSize);
    }

    private static int latentSize(LatentDiffusionTraining.Foundation f) {
        return f.vae().config().sampleSize() / f.vae().config().downsampling();
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
