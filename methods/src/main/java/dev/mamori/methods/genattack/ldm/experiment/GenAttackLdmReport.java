package dev.mamori.methods.genattack.ldm.experiment;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import dev.mamori.methods.genattack.attack.SchemeComparison;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of {@code run genattack-ldm}: what was run with which budgets, the claims with their verdicts, a summary
 * over seeds (mean and spread of each attack's per-seed means), and per seed {@link SchemeComparison}'s table and grids.
 */
final class GenAttackLdmReport {
    private GenAttackLdmReport() {
    }

    static WrittenReport write(GenAttackLdmConfig cfg, GenAttackLdmExperiment.JudgeFacts judge, String vaeOrigin, Map<Integer, List<SchemeComparison.Result>> bySeed,
                               List<Claim> claims, double seconds, Path dir) throws IOException {
        ExperimentReport r = ExperimentReport.named("genattack-ldm: latent-diffusion attack on learnable image encryption").seed(cfg.seed);
        r.config("experiment", cfg);
        r.timing("total", Duration.ofNanos((long) (seconds * 1e9)));
        r.paragraph(String.format(Locale.ROOT, "The latent-diffusion attack (docs/METHODS.md item 7 (b)): a UNet in the latent space of a KL autoencoder"
                        + " (%s) denoises the PLAIN image's latent while cross-attending to per-block tokens of its encrypted image (our conditioner:"
                        + " no position embedding for the block-scrambling schemes ELE, EtC and grayscale EtC, learned positions otherwise), trained"
                        + " jointly with a fresh key per example and step on the attacker's own %s images; reconstruction by DDIM (%d steps, eta 0,"
                        + " guidance %.1f) from seeded noise. Compared on the same test images and the same encryptions (keys drawn from a stream of"
                        + " their own, never used in training) with the encrypted image itself, the inverse-translation U-Net (%d steps) and %s."
                        + " Training and test keys are derivable from the run seed (reproducible experiments; not the owner's keys). Judge: %s%s."
                        + " Seeds %d to %d: every attack trained again per seed. Total time %.1f minutes on a shared 2-core machine.",
                vaeOrigin, cfg.dataset, cfg.ldmSamplingSteps, cfg.ldmGuidance, cfg.unetSteps,
                cfg.ganModel.isBlank() ? "not the StyleGAN encoder attack (no generator given: not measured)" : "the StyleGAN encoder attack",
                cfg.judgeClassifier.isBlank() ? "a ConvMixer trained in the run" : cfg.judgeClassifier,
                judge.testAccuracy() == null ? "" : String.format(Locale.ROOT, ", held-out accuracy %.1f%%", 100 * judge.testAccuracy().value())
                        + (judge.beatsChance() ? "" : " - not above chance, so class agreement is not measured"),
                cfg.seed, cfg.seed + cfg.seeds - 1, seconds / 60));
        ClaimsSection.add(r, claims);
        r.section("Summary over seeds");
        r.table(summary(bySeed));
        for (int k : bySeed.keySet()) {
            SchemeComparison.addSection(r, "Seed " + (cfg.seed + k), bySeed.get(k), "seed" + k);
        }
        return r.writeTo(dir.resolve("report"));
    }

    /** Per scheme and attack: mean and sample standard deviation over seeds of the per-seed means. */
    static Table summary(Map<Integer, List<SchemeComparison.Result>> bySeed) {
        Table t = Table.of("Mean ± standard deviation over seeds of each seed's mean", "scheme", "attack", "PSNR (dB)", "SSIM", "perceptual distance",
                "judge agreement").showIntervals(false);
        Map<String, Map<String, List<double[]>>> rows = new LinkedHashMap<>();
        for (List<SchemeComparison.Result> results : bySeed.values()) for (SchemeComparison.Result r : results) {
            for (SchemeComparison.AttackScores a : r.attacks()) {
                rows.computeIfAbsent(r.scheme(), s -> new LinkedHashMap<>()).computeIfAbsent(a.attack(), x -> new ArrayList<>()).add(new double[]{
                        a.psnr().value(), a.ssim().value(), a.perceptual() == null ? Double.NaN : a.perceptual().value(),
                        a.agreement() == null ? Double.NaN : a.agreement().value()});
            }
        }
        rows.forEach((scheme, attacks) -> attacks.forEach((attack, v) -> t.row(scheme, attack, meanSd(v, 0, 2), meanSd(v, 1, 4), meanSd(v, 2, 4),
                meanSd(v, 3, 3))));
        return t;
    }

    private static String meanSd(List<double[]> v, int column, int digits) {
        double m = 0;
        for (double[] x : v) m += x[column];
        m /= v.size();
        if (Double.isNaN(m)) return "not measured";
        double ss = 0;
        for (double[] x : v) ss += (x[column] - m) * (x[column] - m);
        String f = "%." + digits + "f";
        return v.size() < 2 ? String.format(Locale.ROOT, f, m) : String.format(Locale.ROOT, f + " ± " + f, m, Math.sqrt(ss / (v.size() - 1)));
    }
}
