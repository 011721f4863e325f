package dev.mamori.methods.spurious;

import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.common.Claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The claims of METHODS.md item 8 and our own checks, each decided by a rule stated before the numbers. */
final class SpuriousClaims {
    private SpuriousClaims() {}

    static List<Claim> of(SpuriousExperiment.Facts f) {
        List<Claim> out = new ArrayList<>();
        out.add(shortcutLearnt(f));
        out.add(spuriousAcrossClassifiers(f));
        out.add(moreSoWithLoss(f));
        out.add(similarity(f));
        out.add(perceptual(f));
        out.add(priorPreserved(f));
        return out;
    }

    /** The judged classifier k's target-class rate pooled over seeds for one arm. */
    static Proportion pooled(List<ArmResult> arms, String arm, int k) {
        long hits = 0, n = 0;
        for (ArmResult a : arms) if (a.arm().equals(arm)) {
            hits += a.spuriousHits()[k];
            n += a.images();
        }
        return Proportion.of(hits, n);
    }

    private static Claim shortcutLearnt(SpuriousExperiment.Facts f) {
        int pass = 0;
        StringBuilder ev = new StringBuilder();
        var judged = f.classifiers().judged();
        for (var c : judged) {
            Interval d = c.patternRate().differenceFrom(c.plainRate());
            if (d.lower() > 0) pass++;
            ev.append(String.format(Locale.ROOT, "%s: pattern-only %s vs plain %s (difference 95%% CI [%.3f, %.3f]); ", c.name(), c.patternRate(),
                    c.plainRate(), d.lower(), d.upper()));
        }
        return Claim.decide("(setup check) Every judged classifier learnt the planted correlation: it assigns pattern-only images to '"
                        + f.data().targetName() + "' more often than plain backgrounds", pass, judged.size(),
                "per classifier: the 95% interval of (pattern-only rate - plain rate) lies above 0", ev.toString());
    }

    private static Claim spuriousAcrossClassifiers(SpuriousExperiment.Facts f) {
        int k = f.classifiers().judged().size(), pass = 0;
        StringBuilder ev = new StringBuilder();
        for (int i = 0; i < k; i++) {
            Proportion with = pooled(f.arms(), ArmResult.WITH_LOSS, i), base = pooled(f.arms(), ArmResult.BASE, i);
            Interval d = with.differenceFrom(base);
            if (d.lower() > 0) pass++;
            ev.append(String.format(Locale.ROOT, "%s: with the loss %s vs base model %s (difference CI [%.3f, %.3f]); ",
                    f.classifiers().judged().get(i).name(), with, base, d.lower(), d.upper()));
        }
        return Claim.decide("(MaungMaung et al. 2024) Images generated for '" + f.instancePrompt() + "' after fine-tuning with the loss are"
                        + " spurious across classifiers: classified as '" + f.data().targetName() + "' although no such object is drawn", pass, k,
                "per judged classifier, pooled over " + f.config().seeds.size() + " seeds x " + f.config().evaluation.images + " images: the 95% interval of"
                        + " (rate with the loss - rate of the base model for the same prompt and noise) lies above 0", ev.toString());
    }

    private static Claim moreSoWithLoss(SpuriousExperiment.Facts f) {
        int k = f.classifiers().judged().size(), pass = 0;
        StringBuilder ev = new StringBuilder();
        for (int i = 0; i < k; i++) {
            Proportion with = pooled(f.arms(), ArmResult.WITH_LOSS, i), without = pooled(f.arms(), ArmResult.DREAMBOOTH, i);
            Interval d = with.differenceFrom(without);
            if (d.lower() > 0) pass++;
            ev.append(String.format(Locale.ROOT, "%s: %s vs %s (CI [%.3f, %.3f]); ", f.classifiers().judged().get(i).name(), with, without, d.lower(), d.upper()));
        }
        ev.append("per seed mean / worst rate with vs without: ");
        for (long s : f.config().seeds) {
            ArmResult w = find(f.arms(), ArmResult.WITH_LOSS, s), o = find(f.arms(), ArmResult.DREAMBOOTH, s);
            ev.append(String.format(Locale.ROOT, "seed %d %.3f/%.3f vs %.3f/%.3f; ", s, w.meanRate(), w.worstRate(), o.meanRate(), o.worstRate()));
        }
        return Claim.decide("(MaungMaung et al. 2024) Generations are more spurious with the similarity loss than with plain DreamBooth", pass, k,
                "per judged classifier, pooled over seeds (same seeds, prompt and noise in both arms): the 95% interval of (rate with - rate without)"
                        + " lies above 0", ev.toString());
    }

    private static Claim similarity(SpuriousExperiment.Facts f) {
        int pass = 0, n = 0;
        StringBuilder ev = new StringBuilder();
        for (long s : f.config().seeds) {
            ArmResult w = find(f.arms(), ArmResult.WITH_LOSS, s), o = find(f.arms(), ArmResult.DREAMBOOTH, s);
            double[] diff = new double[w.similarity().length];
            for (int i = 0; i < diff.length; i++) diff[i] = w.similarity()[i] - o.similarity()[i];
            Estimate e = BootstrapInterval.ofMean(diff, s);
            n++;
            if (e.interval().lower() > 0) pass++;
            ev.append(String.format(Locale.ROOT, "seed %d: cosine %.3f vs %.3f, paired difference %.3f [%.3f, %.3f]; ", s, w.meanSimilarity(),
                    o.meanSimilarity(), e.value(), e.interval().lower(), e.interval().upper()));
        }
        return Claim.decide("(ours) With the loss, generations are closer to the references in the robust classifier's features (the features the"
                        + " loss optimizes, so this checks that the loss works, not an independent similarity)", pass, n,
                "per seed: the bootstrap 95% interval of the mean paired (same noise) difference of cosines lies above 0", ev.toString());
    }

    private static Claim perceptual(SpuriousExperiment.Facts f) {
        int pass = 0, n = 0;
        StringBuilder ev = new StringBuilder();
        for (long s : f.config().seeds) {
            ArmResult w = find(f.arms(), ArmResult.WITH_LOSS, s), o = find(f.arms(), ArmResult.DREAMBOOTH, s);
            if (w.perceptual().length == 0 || w.perceptual().length != o.perceptual().length) continue;
            double[] diff = new double[w.perceptual().length];
            double mw = 0, mo = 0;
            for (int i = 0; i < diff.length; i++) {
                diff[i] = o.perceptual()[i] - w.perceptual()[i];
                mw += w.perceptual()[i] / diff.length;
                mo += o.perceptual()[i] / diff.length;
            }
            Estimate e = BootstrapInterval.ofMean(diff, s);
            n++;
            if (e.interval().lower() > 0) pass++;
            ev.append(String.format(Locale.ROOT, "seed %d: distance %.4f with vs %.4f without, paired reduction %.4f [%.4f, %.4f]; ", s, mw, mo,
                    e.value(), e.interval().lower(), e.interval().upper()));
        }
        if (n == 0) {
            return Claim.notMeasured("(ours) The loss brings generations perceptually closer to the references", "perceptual distance",
                    "no perceptual distances were measured");
        }
        return Claim.decide("(ours) With the loss, generations are perceptually closer to the references (LPIPS-style distance in the judge's"
                        + " features, independent of the robust classifier the loss uses)", pass, n,
                "per seed: the bootstrap 95% interval of the mean paired reduction of the distance to the nearest reference lies above 0",
                ev.toString());
    }

    private static Claim priorPreserved(SpuriousExperiment.Facts f) {
        int category = f.classPromptCategory();
        if (category < 0) {
            return Claim.notMeasured("(DreamBooth) Prior preservation keeps the class prompt's generations", "the judge's class of class-prompt images",
                    "the class prompt '" + f.classPrompt() + "' names no class of the judge");
        }
        int pass = 0, cases = 0;
        StringBuilder ev = new StringBuilder();
        Proportion before = judged(f.arms(), ArmResult.BASE, category);
        for (String arm : List.of(ArmResult.DREAMBOOTH, ArmResult.WITH_LOSS)) {
            Proportion after = judged(f.arms(), arm, category);
            Interval d = after.differenceFrom(before);
            cases++;
            long same = 0, total = 0;
            for (long s : f.config().seeds) {
                int[] a = find(f.arms(), arm, s).judgeClassPrompt(), b = find(f.arms(), ArmResult.BASE, s).judgeClassPrompt();
                for (int i = 0; i < a.length; i++, total++) if (a[i] == b[i]) same++;
            }
            if (d.lower() > -0.10 && Proportion.of(same, total).wilson().lower() >= 0.5) pass++;
            ev.append(String.format(Locale.ROOT, "%s: judged '%s' %s vs base model %s (difference CI [%.3f, %.3f]); same judged class as the base"
                    + " model's image from the same noise %s; ", arm, f.data().correlated().classes().get(category), after, before, d.lower(), d.upper(),
                    Proportion.of(same, total)));
        }
        ev.append(String.format(Locale.ROOT, "judge held-out accuracy %.1f%%", 100 * f.judgeAccuracy()));
        return Claim.decide("(DreamBooth) Prior preservation is kept: class-prompt ('" + f.classPrompt() + "') generations are judged the class as"
                        + " often after fine-tuning as before", pass, cases,
                "per fine-tuned arm, pooled over seeds: the 95% interval of (share judged the class after - before) lies above -10 points, and the"
                        + " judge gives most class-prompt images the class it gave the base model's image from the same noise (Wilson 95% lower bound"
                        + " >= 50%)" + (before.successes() == 0 ? "; note: the base model's class-prompt images are never judged the class, so the"
                        + " first part is vacuous here and the agreement carries the verdict" : ""), ev.toString());
    }

    private static Proportion judged(List<ArmResult> arms, String arm, int category) {
        long hits = 0, n = 0;
        for (ArmResult a : arms) if (a.arm().equals(arm)) for (int c : a.judgeClassPrompt()) {
            n++;
            if (c == category) hits++;
        }
        return Proportion.of(hits, n);
    }

    static ArmResult find(List<ArmResult> arms, String arm, long seed) {
        for (ArmResult a : arms) if (a.arm().equals(arm) && a.seed() == seed) return a;
        throw new IllegalStateException("no result for " + arm + ", seed " + seed);
    }
}
