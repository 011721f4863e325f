package dev.mamori.methods.genattack.ldm.experiment;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.genattack.attack.SchemeComparison;
import dev.mamori.methods.genattack.attack.StyleGanEncoderAttack;
import dev.mamori.methods.genattack.attack.UNetInversionAttack;
import dev.mamori.methods.genattack.ldm.LatentDiffusionAttack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The claims of the latent-diffusion attack experiment, each decided over the (scheme, seed) cells by a rule stated
 * before the numbers: (1) the attack shows more of the plain image than the encrypted image does (paired PSNR and
 * SSIM gains with 95% intervals above 0, docs/METHODS.md item 7 (b)); (2) it beats the inverse-translation U-Net, and
 * (3) the StyleGAN encoder attack, metric by metric (mean better and the two 95% intervals over images apart; the
 * evidence also counts the cells where the other attack wins by the same rule); (4) the judge recognises the plain
 * image's class in its reconstructions more often than in the encrypted image (paired agreement gain above 0).
 */
final class GenAttackLdmClaims {
    private GenAttackLdmClaims() {
    }

    /** A metric of {@link SchemeComparison.AttackScores}: its name, how to read it, whether higher is better. */
    private record Metric(String name, Function<SchemeComparison.AttackScores, Interval> interval,
                          Function<SchemeComparison.AttackScores, Double> value, boolean higherIsBetter) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("PSNR", a -> a.psnr().interval(), a -> a.psnr().value(), true),
            new Metric("SSIM", a -> a.ssim().interval(), a -> a.ssim().value(), true),
            new Metric("perceptual distance", a -> a.perceptual() == null ? null : a.perceptual().interval(),
                    a -> a.perceptual() == null ? null : a.perceptual().value(), false),
            new Metric("judge agreement", a -> a.agreement() == null ? null : a.agreement().wilson(),
                    a -> a.agreement() == null ? null : a.agreement().value(), true));

    static List<Claim> of(GenAttackLdmConfig cfg, Map<Integer, List<SchemeComparison.Result>> bySeed, boolean ganMeasured) {
        List<SchemeComparison.Result> cells = bySeed.values().stream().flatMap(List::stream).toList();
        List<Claim> claims = new ArrayList<>();
        String budget = String.format(Locale.ROOT, "%d test images per scheme and seed, %d seed(s); LDM %d epochs on %d-image batches, DDIM %d steps;"
                + " U-Net %d steps", cells.isEmpty() ? 0 : cells.get(0).images(), cfg.seeds, cfg.ldmEpochs, cfg.ldmBatchSize, cfg.ldmSamplingSteps, cfg.unetSteps);

        int pass = 0;
        StringBuilder ev = new StringBuilder();
        for (int k : bySeed.keySet()) for (SchemeComparison.Result r : bySeed.get(k)) {
            SchemeComparison.AttackScores a = r.attack(LatentDiffusionAttack.NAME);
            boolean ok = a.psnrGain().interval().lower() > 0 && a.ssimGain().interval().lower() > 0;
            if (ok) pass++;
            ev.append(String.format(Locale.ROOT, "%s seed %d: PSNR gain %s, SSIM gain %s%s; ", r.scheme(), k, fmt(a.psnrGain()), fmt(a.ssimGain()), ok ? "" : " (fails)"));
        }
        claims.add(Claim.decide("The latent-diffusion attack (denoiser conditioned on an embedding of the encrypted image) recovers more of the"
                        + " plain image than the encrypted image itself shows, for keys it never saw (docs/METHODS.md item 7 (b))", pass, cells.size(),
                "per (scheme, seed): the paired PSNR and SSIM gains over the encrypted image both have 95% bootstrap intervals above 0",
                ev + budget));

        for (Metric m : METRICS) claims.add(versus(m, bySeed, UNetInversionAttack.NAME, "the inverse-translation U-Net baseline", budget));
        for (Metric m : List.of(METRICS.get(0), METRICS.get(2))) {
            claims.add(ganMeasured ? versus(m, bySeed, StyleGanEncoderAttack.NAME, "the StyleGAN encoder attack", budget)
                    : Claim.notMeasured("The latent-diffusion attack beats the StyleGAN encoder attack on " + m.name(),
                    "per (scheme, seed): better mean and the two 95% intervals apart",
                    "no generator given (config field ganModel: a `mamori train gan` model on the same dataset)"));
        }

        pass = 0;
        int cases = 0;
        ev = new StringBuilder();
        for (int k : bySeed.keySet()) for (SchemeComparison.Result r : bySeed.get(k)) {
            SchemeComparison.AttackScores a = r.attack(LatentDiffusionAttack.NAME);
            if (a.agreementGain() == null) continue;
            cases++;
            boolean ok = a.agreementGain().interval().lower() > 0;
            if (ok) pass++;
            ev.append(String.format(Locale.ROOT, "%s seed %d: agreement %.3f vs encrypted %.3f, gain %s; ", r.scheme(), k, a.agreement().value(),
                    r.baseline().agreement().value(), fmt(a.agreementGain())));
        }
        claims.add(cases == 0 ? Claim.notMeasured("The judge recognises the plain image's class in the reconstructions more often than in the encrypted image",
                "paired agreement gain above 0", "no judge, or a judge whose held-out accuracy is not above chance") : Claim.decide("The judge recognises the plain image's class in the latent-diffusion"
                        + " reconstructions more often than in the encrypted image", pass, cases,
                "per (scheme, seed): the paired agreement gain (reconstruction minus encrypted image, per image) has a 95% interval above 0", ev + budget));
        return claims;
    }

    private static Claim versus(Metric m, Map<Integer, List<SchemeComparison.Result>> bySeed, String other, String otherWords, String budget) {
        int pass = 0, lose = 0, cases = 0;
        StringBuilder ev = new StringBuilder();
        for (int k : bySeed.keySet()) for (SchemeComparison.Result r : bySeed.get(k)) {
            SchemeComparison.AttackScores a = r.attack(LatentDiffusionAttack.NAME), b = r.attack(other);
            Interval ia = m.interval().apply(a), ib = m.interval().apply(b);
            if (ia == null || ib == null) continue;
            cases++;
            double va = m.value().apply(a), vb = m.value().apply(b);
            if (better(va, ia, vb, ib, m.higherIsBetter())) pass++;
            else if (better(vb, ib, va, ia, m.higherIsBetter())) lose++;
            ev.append(String.format(Locale.ROOT, "%s seed %d: %.4g [%.4g, %.4g] vs %.4g [%.4g, %.4g]; ", r.scheme(), k, va, ia.lower(), ia.upper(), vb,
                    ib.lower(), ib.upper()));
        }
        String statement = "The latent-diffusion attack beats " + otherWords + " on " + m.name() + (m.higherIsBetter() ? "" : " (lower is better)");
        String rule = "per (scheme, seed): better mean and the two 95% intervals over images apart (not paired: conservative)";
        if (cases == 0) return Claim.notMeasured(statement, rule, m.name() + " was not measured");
        return Claim.decide(statement, pass, cases, rule, String.format(Locale.ROOT, "latent diffusion better in %d, %s better in %d, apart in"
                + " neither in %d of %d cells; ", pass, other, lose, cases - pass - lose, cases) + ev + budget);
    }

    private static boolean better(double va, Interval ia, double vb, Interval ib, boolean higher) {
        return higher ? va > vb && ia.lower() > ib.upper() : va < vb && ia.upper() < ib.lower();
    }

    private static String fmt(Estimate e) {
        return String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", e.value(), e.interval().lower(), e.interval().upper());
    }

    static String fmt(Proportion p) {
        return String.format(Locale.ROOT, "%.3f", p.value());
    }
}
