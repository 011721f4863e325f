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
import java.util.function.Function;

/** The report of {@code run sketch2photo}: what was trained and tested, the scores per arm (pooled and per model), the paired differences, grids and claims. */
public final class Sketch2PhotoReport {
    private Sketch2PhotoReport() {}

    public static WrittenReport write(Sketch2PhotoConfig cfg, TestSketches test, List<Sketch2PhotoExperiment.ModelScores> models, List<Claim> claims,
                                      Judge judge, int[] judgeOnTruth, INDArray[] grid, EdgeStandardizer standardizer, Path dir)
            throws IOException {
        long seed = cfg.seed;
        ExperimentReport rep = ExperimentReport.named("text-guided sketch-to-photo on " + cfg.diffusion.dataset).seed(seed).config("config", cfg);
        rep.section("What was run");
        rep.paragraph("MaungMaung et al. 2023, on emoji. Training is self-supervised from colour images only: " + cfg.diffusion.dataset
                + "'s colour renderings of the training emoji (" + (cfg.diffusion.trainSubset > 0 ? cfg.diffusion.trainSubset + " of them" : "all")
                + "), each with its caption (\"" + cfg.diffusion.captionTemplate + "\") and its edge map through the edge standardizer (Canny-style"
                + " hysteresis on Sobel magnitudes, low " + standardizer.low() + ", high " + standardizer.high() + ", dilation " + standardizer.thickness()
                + "), averaged down to the latent size and given to the UNet as one extra input channel beside the noisy latent; the text enters by"
                + " cross-attention. The CLIP-style pair and the autoencoder are trained once; " + models.size() + " UNets (seeds) are trained on them.");
        rep.paragraph("The test is OpenMoji's black line art of " + test.size() + " held-out emoji (distinct identities; no test identity is among"
                + " the training images, checked), drawn by OpenMoji's designers rather than extracted from the colour images, with the colour"
                + " renderings as ground truth and the emoji's text as the prompt. Each model draws every sketch three ways from the same noise"
                + " (guidance " + cfg.guidance + ", " + cfg.diffusion.sampling.sampler + ", " + cfg.diffusion.sampling.steps + " steps): "
                + armList() + ". Training is identical for all three: only the test-time edge channel differs (the paper's ablation feeds the"
                + " sketch without standardization to the model trained on standardized edges).");
        Table stages = Table.of("Training stages", "stage", "model", "parameters", "epochs", "steps", "seconds");
        for (StageSummary s : models.get(0).stages()) stages.row(s.stage, s.model, s.parameters, s.epochs, s.steps, round(s.seconds));
        for (Sketch2PhotoExperiment.ModelScores m : models.subList(1, models.size())) {
            StageSummary s = m.stages().get(m.stages().size() - 1);
            stages.row(s.stage + " (model " + m.index() + ")", s.model, s.parameters, s.epochs, s.steps, round(s.seconds));
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
        for (SketchArm arm : SketchArm.values()) {
            pooled.row(arm.description(), pooledMean(models, arm, ArmScores::ssim, seed), pooledMean(models, arm, ArmScores::psnr, seed),
                    models.get(0).arms().get(arm).perceptual() == null ? "not measured" : pooledMean(models, arm, ArmScores::perceptual, seed),
                    pooledMean(models, arm, ArmScores::edgeDice, seed), pooledMean(models, arm, a -> a.faithful(test.labels()), seed));
        }
        double ceiling = Sketch2PhotoClaims.agreement(judgeOnTruth, test.labels()).value();
        pooled.row("ground truth (colour rendering)", 1.0, null, null, null, round4(ceiling));
        pooled.row("constant guess of the most frequent category", null, null, null, null, round4(Sketch2PhotoClaims.constantGuess(test)));
        rep.table(pooled);
        for (SketchArm arm : SketchArm.values()) {
            rep.metric("ssim_" + arm.id(), pooledMean(models, arm, ArmScores::ssim, seed));
            rep.metric("edge_dice_" + arm.id(), pooledMean(models, arm, ArmScores::edgeDice, seed));
            rep.metric("faithfulness_" + arm.id(), pooledMean(models, arm, a -> a.faithful(test.labels()), seed));
        }
        boolean perceptual = models.stream().allMatch(m -> m.arms().values().stream().allMatch(a -> a.perceptual() != null));
        Table paired = Table.of("Paired differences over the same sketches (pooled over models; perceptual distance: the second minus the first,"
                + " so that positive is better for the first everywhere)", "comparison", "SSIM", "PSNR (dB)", "perceptual distance", "edge Dice",
                "faithfulness");
        for (SketchArm[] ab : new SketchArm[][]{{SketchArm.STANDARDIZED, SketchArm.RAW}, {SketchArm.STANDARDIZED, SketchArm.NO_SKETCH},
                {SketchArm.RAW, SketchArm.NO_SKETCH}}) {
            paired.row(ab[0].id() + " minus " + ab[1].id(), pooledDiff(models, ab, ArmScores::ssim, seed), pooledDiff(models, ab, ArmScores::psnr, seed),
                    perceptual ? pooledDiff(models, new SketchArm[]{ab[1], ab[0]}, ArmScores::perceptual, seed) : "not measured",
                    pooledDiff(models, ab, ArmScores::edgeDice, seed), pooledDiff(models, ab, a -> a.faithful(test.labels()), seed));
        }
        rep.table(paired);
        Table per = Table.of("Per model", "model", "test condition", "SSIM", "PSNR (dB)", "perceptual distance", "edge Dice", "faithfulness")
                .showIntervals(false);
        for (Sketch2PhotoExperiment.ModelScores m : models) {
            for (SketchArm arm : SketchArm.values()) {
                ArmScores a = m.arms().get(arm);
                per.row(m.index(), arm.id(), round4(Sketch2PhotoExperiment.mean(a.ssim())), round4(Sketch2PhotoExperiment.mean(a.psnr())),
                        a.perceptual() == null ? "not measured" : round4(Sketch2PhotoExperiment.mean(a.perceptual())),
                        round4(Sketch2PhotoExperiment.mean(a.edgeDice())), round4(Sketch2PhotoExperiment.mean(a.faithful(test.labels()))));
            }
        }
        rep.table(per);

        if (grid != null) {
            rep.section("Samples");
            int n = (int) grid[0].size(0);
            INDArray sketches = test.sketches().get(NDArrayIndex.interval(0, n)), truth = test.truth().get(NDArrayIndex.interval(0, n));
            INDArray edges = standardizer.apply(sketches).rsub(1).repeat(1, 3);
            ImageGrid g = ImageGrid.builder().row("sketch", sketches, test.prompts().subList(0, n).stream().map(Sketch2PhotoReport::shortText).toList())
                    .row("standardized", edges);
            for (SketchArm arm : SketchArm.values()) g.row(arm.id(), grid[arm.ordinal()]);
            g.row("ground truth", truth);
            rep.figure(g.figure("sketch_output_truth.png", "Model 0: held-out hand-drawn sketch, its standardized edges, the output per test condition"
                    + " (same noise), and the colour ground truth"));
        }
        ClaimsSection.add(rep, claims);
        return rep.writeTo(dir);
    }

    private static String armList() {
        StringBuilder b = new StringBuilder();
        for (SketchArm a : SketchArm.values()) b.append(b.length() == 0 ? "" : "; ").append(a.id()).append(": ").append(a.description());
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
