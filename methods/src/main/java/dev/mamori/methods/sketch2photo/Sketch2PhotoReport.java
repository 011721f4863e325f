package dev.mamori.methods.sketch2photo;

import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import dev.mamori.methods.common.judge.Judge;
import dev.mamori.methods.diffusion.StageSummary;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The report of {@code run sketch2photo}: what was trained and tested, the scores per arm (pooled and per model), the paired differences, grids and claims. */
public final class Sketch2PhotoReport {
    private Sketch2PhotoReport() {}

    public static WrittenReport write(Sketch2PhotoConfig cfg, TestSketches test, List<Sketch2PhotoExperiment.ModelScores> models, List<Claim> claims,
                                      Judge judge, int[] judgeOnTruth, Map<SketchArm, INDArray> grid, EdgeStandardizer standardizer, String foundation,
                                      Path dir) throws IOException {
        long seed = cfg.seed;
        List<SketchArm> arms = measured(models);
        boolean rawTrained = arms.contains(SketchArm.RAW_TRAINED);
        ExperimentReport rep = ExperimentReport.named("text-guided sketch-to-photo on " + cfg.diffusion.dataset).seed(seed).config("config", cfg);
        rep.section("What was run");
        rep.paragraph("MaungMaung et al. 2023, on emoji. Training is self-supervised from colour images only: " + cfg.diffusion.dataset
                + "'s colour renderings of the training emoji (" + (cfg.diffusion.trainSubset > 0 ? cfg.diffusion.trainSubset + " of them" : "all")
                + "), each with its caption (\"" + cfg.diffusion.captionTemplate + "\") and its edge map through the edge standardizer (Canny-style"
                + " hysteresis on Sobel magnitudes, low " + standardizer.low() + ", high " + standardizer.high() + ", dilation " + standardizer.thickness()
                + "), averaged down to the latent size and given to the UNet as one extra input channel beside the noisy latent; the text enters by"
                + " cross-attention. The tokenizer, text tower and autoencoder: " + foundation + "; " + models.size() + " UNets (seeds) are trained on"
                + " them" + (rawTrained ? ", and with each seed's initialization and data order a second UNet on " + EdgeTraining.RAW.description()
                + " divided by 4 and clipped to [0, 1] (the standardization step skipped: the hysteresis thresholds that make the map binary,"
                + " and the dilation)" : " (no UNet was trained on raw edges)") + ".");
        rep.paragraph("The test is OpenMoji's black line art of " + test.size() + " held-out emoji (distinct identities; no test identity is among"
                + " the training images of the UNets, checked), drawn by OpenMoji's designers rather than extracted from the colour images, with the"
                + " colour renderings as ground truth and the emoji's text as the prompt. Every sketch is drawn under each test condition from the"
                + " same noise (guidance " + cfg.guidance + ", " + cfg.diffusion.sampling.sampler + ", " + cfg.diffusion.sampling.steps + " steps): "
                + armList(arms) + ". The paper's ablation is " + SketchArm.RAW_TRAINED.id() + (rawTrained ? "" : " (not run here)") + "; "
                + SketchArm.RAW_AT_TEST.id() + " only changes the test-time edge channel of the model trained on standardized edges.");
        Table stages = Table.of("Training stages", "stage", "model", "parameters", "epochs", "steps", "seconds");
        for (Sketch2PhotoExperiment.ModelScores m : models) {
            List<StageSummary> own = m.index() == 0 ? m.stages() : m.stages().subList(m.stages().size() - 1, m.stages().size());
            for (StageSummary s : own) stages.row(s.stage + (s.stage.equals("unet") ? " (model " + m.index() + ", standardized edges)" : ""), s.model,
                    s.parameters, s.epochs, s.steps, round(s.seconds));
            if (!m.rawStages().isEmpty()) {
                StageSummary s = m.rawStages().get(m.rawStages().size() - 1);
                stages.row(s.stage + " (model " + m.index() + ", raw edge magnitudes)", s.model, s.parameters, s.epochs, s.steps, round(s.seconds));
            }
        }
        rep.table(stages);

        rep.section("Results");
        rep.paragraph("Means over test sketches with 95% bootstrap intervals; pooled rows first average each sketch's score over the "
                + models.size() + " models. SSIM and PSNR against the colour ground truth (higher: closer); edge Dice: the output's standardized"
                + " edges against the sketch's (1: the same edges); faithfulness: the judge (" + judge.classifier().info().architecture()
                + ", trained on the real colour training images, held-out accuracy " + (judge.testAccuracy() == null ? "not measured"
                : String.format(Locale.ROOT, "%.3f", judge.testAccuracy().value())) + ") finds the prompt's category. Perceptual distance: "
                + (models.get(0).arms().get(SketchArm.STANDARDIZED).perceptual() == null ? "not measured (the judge has no ConvMixer feature maps)."
                : "LPIPS-style distance in the judge's ConvMixer feature maps (ours; comparable only within this report), lower is closer."));
        Table pooled = Table.of("Pooled over models", "test condition", "SSIM", "PSNR (dB)", "perceptual distance", "edge Dice with the sketch", "faithfulness");
        for (SketchArm arm : arms) {
            pooled.row(arm.description(), pooledMean(models, arm, ArmScores::ssim, seed), pooledMean(models, arm, ArmScores::psnr, seed),
                    models.get(0).arms().get(arm).perceptual() == null ? "not measured" : pooledMean(models, arm, ArmScores::perceptual, seed),
                    pooledMean(models, arm, ArmScores::edgeDice, seed), pooledMean(models, arm, a -> a.faithful(test.labels()), seed));
        }
        double ceiling = Sketch2PhotoClaims.agreement(judgeOnTruth, test.labels()).value();
        pooled.row("ground truth (colour rendering)", 1.0, null, null, null, round4(ceiling));
        pooled.row("constant guess of the most frequent category", null, null, null, null, round4(Sketch2PhotoClaims.constantGuess(test)));
        rep.table(pooled);
        for (SketchArm arm : arms) {
            rep.metric("ssim_" + arm.id(), pooledMean(models, arm, ArmScores::ssim, seed));
            rep.metric("edge_dice_" + arm.id(), pooledMean(models, arm, ArmScores::edgeDice, seed));
            rep.metric("faithfulness_" + arm.id(), pooledMean(models, arm, a -> a.faithful(test.labels()), seed));
        }
        boolean perceptual = models.stream().allMatch(m -> m.arms().values().stream().allMatch(a -> a.perceptual() != null));
        Table paired = Table.of("Paired differences over the same sketches (pooled over models; perceptual distance: the second minus the first,"
                + " so that positive is better for the first everywhere)", "comparison", "SSIM", "PSNR (dB)", "perceptual distance", "edge Dice",
                "faithfulness");
        for (SketchArm[] ab : new SketchArm[][]{{SketchArm.STANDARDIZED, SketchArm.RAW_TRAINED}, {SketchArm.STANDARDIZED, SketchArm.RAW_AT_TEST},
                {SketchArm.STANDARDIZED, SketchArm.NO_SKETCH}, {SketchArm.RAW_AT_TEST, SketchArm.NO_SKETCH}}) {
            if (!arms.contains(ab[0]) || !arms.contains(ab[1])) continue;
            paired.row(ab[0].id() + " minus " + ab[1].id(), pooledDiff(models, ab, ArmScores::ssim, seed), pooledDiff(models, ab, ArmScores::psnr, seed),
                    perceptual ? pooledDiff(models, new SketchArm[]{ab[1], ab[0]}, ArmScores::perceptual, seed) : "not measured",
                    pooledDiff(models, ab, ArmScores::edgeDice, seed), pooledDiff(models, ab, a -> a.faithful(test.labels()), seed));
        }
        rep.table(paired);
        Table per = Table.of("Per model", "model", "test condition", "SSIM", "PSNR (dB)", "perceptual distance", "edge Dice", "faithfulness")
                .showIntervals(false);
        for (Sketch2PhotoExperiment.ModelScores m : models) {
            for (SketchArm arm : arms) {
                ArmScores a = m.arms().get(arm);
                per.row(m.index(), arm.id(), round4(Sketch2PhotoExperiment.mean(a.ssim())), round4(Sketch2PhotoExperiment.mean(a.psnr())),
                        a.perceptual() == null ? "not measured" : round4(Sketch2PhotoExperiment.mean(a.perceptual())),
                        round4(Sketch2PhotoExperiment.mean(a.edgeDice())), round4(Sketch2PhotoExperiment.mean(a.faithful(test.labels()))));
            }
        }
        rep.table(per);

        if (grid != null && !grid.isEmpty()) {
            rep.section("Samples");
            int n = (int) grid.values().iterator().next().size(0);
            INDArray sketches = test.sketches().get(NDArrayIndex.interval(0, n)), truth = test.truth().get(NDArrayIndex.interval(0, n));
            INDArray edges = standardizer.apply(sketches).rsub(1).repeat(1, 3);
            ImageGrid g = ImageGrid.builder().row("sketch", sketches, test.prompts().subList(0, n).stream().map(Sketch2PhotoReport::shortText).toList())
                    .row("standardized", edges);
            for (SketchArm arm : arms) if (grid.containsKey(arm)) g.row(arm.id(), grid.get(arm));
            g.row("ground truth", truth);
            rep.figure(g.figure("sketch_output_truth.png", "Model 0: held-out hand-drawn sketch, its standardized edges, the output per test condition"
                    + " (same noise), and the colour ground truth"));
        }
        ClaimsSection.add(rep, claims);
        return rep.writeTo(dir);
    }

    /** The arms every model was measured under, in the enum's order. */
    static List<SketchArm> measured(List<Sketch2PhotoExperiment.ModelScores> models) {
        return java.util.Arrays.stream(SketchArm.values()).filter(a -> models.stream().allMatch(m -> m.arms().containsKey(a))).toList();
    }

    private static String armList(List<SketchArm> arms) {
        StringBuilder b = new StringBuilder();
        for (SketchArm a : arms) b.append(b.length() == 0 ? "" : "; ").append(a.id()).append(": ").append(a.description());
        return b.toString();
    }

    /** Each sketch's score averaged over models, then the mean over sketches with its bootstrap interval. */
    static Estimate pooledMean(List<Sketch2PhotoExperiment.ModelScores> models, SketchArm arm, Function<ArmScores, double[]> metric, long seed) {
        return BootstrapInterval.ofMean(perSketch(models, arm, metric), seed);
    }

    static Estimate pooledDiff(List<Sketch2PhotoExperiment.ModelScores> models, SketchArm[] ab, Function<ArmScores, double[]> metric, long seed) {
        return Sketch2PhotoClaims.difference(perSketch(models, ab[0], metric), perSketch(models, ab[1], metric), seed);
    }

    private static double[] perSketch(List<Sketch2PhotoExperiment.ModelScores> models, SketchArm arm, Function<ArmScores, double[]> metric) {
        double[] out = new double[metric.apply(models.get(0).arms().get(arm)).length];
        for (Sketch2PhotoExperiment.ModelScores m : models) {
            double[] v = metric.apply(m.arms().get(arm));
            for (int i = 0; i < out.length; i++) out[i] += v[i] / models.size();
        }
        return out;
    }

    private static String shortText(String t) {
        String s = t.contains(": ") ? t.substring(t.indexOf(": ") + 2) : t;
        return s.length() > 14 ? s.substring(0, 13) + "…" : s;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
