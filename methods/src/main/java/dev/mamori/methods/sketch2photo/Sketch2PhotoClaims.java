package dev.mamori.methods.sketch2photo;

import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.common.Claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The claims of sketch-to-photo checked on the measured scores. Every comparison is paired over the same test
 * sketches (same noise, same model) with a 95% bootstrap interval of the mean difference over sketches; each trained
 * model is one case, so a claim holds when it holds for every model, partly when for some.
 */
public final class Sketch2PhotoClaims {
    private Sketch2PhotoClaims() {}

    /**
     * The claims: edge standardization helps, judged the paper's way (the standardized arm against the model trained on raw
     * edge magnitudes, NOT_MEASURED when that model was not trained) by SSIM, perceptual distance and edge agreement; the
     * same by SSIM against the test-time-only ablation; the sketch contributes; the photos are faithful to the prompt.
     */
    public static List<Claim> of(List<Sketch2PhotoExperiment.ModelScores> models, TestSketches test, int[] judgeOnTruth, long seed) {
        List<Claim> out = new ArrayList<>();
        boolean rawTrained = models.stream().allMatch(m -> m.arms().containsKey(SketchArm.RAW_TRAINED));
        String notTrained = "no model was trained on raw edge magnitudes (trainRawEdgeModels: false)";
        String ssim = "Edge standardization brings the photos generated from hand-drawn sketches closer to the ground truth (SSIM) than a model"
                + " trained without it on raw edge magnitudes and given the sketch as drawn (MaungMaung et al. 2023's ablation)";
        out.add(rawTrained ? paired(ssim, models, SketchArm.STANDARDIZED, SketchArm.RAW_TRAINED, ArmScores::ssim, "SSIM", seed)
                : Claim.notMeasured(ssim, rule("SSIM", SketchArm.STANDARDIZED, SketchArm.RAW_TRAINED), notTrained));
        boolean perceptual = models.stream().allMatch(m -> m.arms().values().stream().allMatch(a -> a.perceptual() != null));
        String perceptualStatement = "Edge standardization brings the generated photos perceptually closer to the ground truth (lower perceptual"
                + " distance) than the model trained on raw edge magnitudes";
        String perceptualRule = rule("perceptual distance", SketchArm.RAW_TRAINED, SketchArm.STANDARDIZED);
        out.add(!perceptual ? Claim.notMeasured(perceptualStatement, perceptualRule, "the judge classifier is not a ConvMixer, so it gives no feature"
                + " maps for the perceptual distance")
                : !rawTrained ? Claim.notMeasured(perceptualStatement, perceptualRule, notTrained)
                : paired(perceptualStatement, models, SketchArm.RAW_TRAINED, SketchArm.STANDARDIZED, ArmScores::perceptual, "perceptual distance", seed));
        String dice = "Edge standardization makes the generated photos keep the sketch's edges better than the model trained on raw edge magnitudes";
        out.add(rawTrained ? paired(dice, models, SketchArm.STANDARDIZED, SketchArm.RAW_TRAINED, ArmScores::edgeDice, "edge Dice with the sketch", seed)
                : Claim.notMeasured(dice, rule("edge Dice with the sketch", SketchArm.STANDARDIZED, SketchArm.RAW_TRAINED), notTrained));
        out.add(paired("Test-time-only ablation: the model trained on standardized edges draws closer to the ground truth (SSIM) from the"
                        + " standardized sketch than from the sketch as drawn", models, SketchArm.STANDARDIZED, SketchArm.RAW_AT_TEST,
                ArmScores::ssim, "SSIM", seed));
        out.add(paired("The sketch contributes: photos from the standardized sketch are closer to the ground truth (SSIM) than the same model's"
                + " prompt-only photos", models, SketchArm.STANDARDIZED, SketchArm.NO_SKETCH, ArmScores::ssim, "SSIM", seed));
        out.add(faithfulness(models, test, judgeOnTruth));
        return out;
    }

    private static String rule(String name, SketchArm a, SketchArm b) {
        return "per model, the 95% paired bootstrap interval over test sketches of " + name + " (" + a.id() + " minus " + b.id() + ") lies above 0";
    }

    /** Per model: the paired interval of mean(metric(a) - metric(b)) over sketches lies above 0. */
    static Claim paired(String statement, List<Sketch2PhotoExperiment.ModelScores> models, SketchArm a, SketchArm b,
                        Function<ArmScores, double[]> metric, String name, long seed) {
        int passing = 0;
        StringBuilder ev = new StringBuilder();
        for (Sketch2PhotoExperiment.ModelScores m : models) {
            Estimate e = difference(metric.apply(m.arms().get(a)), metric.apply(m.arms().get(b)), seed + m.index());
            if (e.interval().lower() > 0) passing++;
            ev.append(String.format(Locale.ROOT, "%smodel %d: %s %s minus %s %+.4f (95%% CI %+.4f to %+.4f)", ev.length() == 0 ? "" : "; ", m.index(),
                    name, a.id(), b.id(), e.value(), e.interval().lower(), e.interval().upper()));
        }
        ev.append(String.format(Locale.ROOT, "; %d test sketches, %d models", metric.apply(models.get(0).arms().get(a)).length, models.size()));
        return Claim.decide(statement, passing, models.size(), rule(name, a, b), ev.toString());
    }

    /** The mean paired difference a - b with its bootstrap interval. */
    public static Estimate difference(double[] a, double[] b, long seed) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return BootstrapInterval.ofMean(d, seed);
    }

    /**
     * Per model: the judge finds the prompt's category in the standardized arm's outputs more often than a constant guess
     * of the most frequent test category would (not 1/categories: an untrained generator's outputs all fall in one class,
     * which scores that class's share).
     */
    static Claim faithfulness(List<Sketch2PhotoExperiment.ModelScores> models, TestSketches test, int[] judgeOnTruth) {
        int classes = test.classes().size(), passing = 0;
        double guess = constantGuess(test);
        Proportion ceiling = agreement(judgeOnTruth, test.labels());
        StringBuilder ev = new StringBuilder(String.format(Locale.ROOT, "constant guess of the most frequent category %.3f (1/%d = %.3f); the judge on"
                + " the ground-truth colour images %.3f (ceiling)", guess, classes, 1.0 / classes, ceiling.value()));
        for (Sketch2PhotoExperiment.ModelScores m : models) {
            Proportion p = agreement(m.arms().get(SketchArm.STANDARDIZED).predicted(), test.labels());
            Proportion none = agreement(m.arms().get(SketchArm.NO_SKETCH).predicted(), test.labels());
            Interval w = p.wilson();
            if (w.lower() > guess) passing++;
            ev.append(String.format(Locale.ROOT, "; model %d: standardized %d/%d = %.3f (95%% Wilson %.3f to %.3f), prompt only %.3f, outputs in %d"
                    + " distinct judged categories", m.index(), p.successes(), p.trials(), p.value(), w.lower(), w.upper(), none.value(),
                    java.util.Arrays.stream(m.arms().get(SketchArm.STANDARDIZED).predicted()).distinct().count()));
        }
        return Claim.decide("The generated photos are faithful to the prompt: an independent judge classifier finds the prompt's category in the"
                + " photos drawn from standardized sketches more often than a constant guess", passing, models.size(),
                "per model, the 95% Wilson interval of the judge's agreement with the prompt's category lies above the share of the most frequent"
                + " category among the test sketches", ev.toString());
    }

    /** The share of the most frequent category among the test sketches: what always answering it scores. */
    public static double constantGuess(TestSketches test) {
        int[] count = new int[Math.max(1, test.classes().size())];
        for (int l : test.labels()) count[l]++;
        return (double) java.util.Arrays.stream(count).max().orElse(0) / Math.max(1, test.size());
    }

    static Proportion agreement(int[] predicted, int[] labels) {
        long hit = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) hit++;
        return Proportion.of(hit, labels.length);
    }
}
