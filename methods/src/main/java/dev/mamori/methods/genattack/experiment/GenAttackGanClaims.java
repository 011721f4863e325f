package dev.mamori.methods.genattack.experiment;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.genattack.attack.StyleGanEncoderAttack;
import dev.mamori.methods.genattack.attack.UNetInversionAttack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The experiment's claims, each decided by a rule stated before the numbers: a case passes only when it passes in
 * every attack seed, and a missing measurement is a case "not measured", never a pass.
 */
final class GenAttackGanClaims {
    private static final String GAN = StyleGanEncoderAttack.NAME, UNET = UNetInversionAttack.NAME;

    private final GenAttackGanConfig cfg;
    private final List<ComparisonRow> rows;
    private final List<AttributeRow> attributes;

    GenAttackGanClaims(GenAttackGanConfig cfg, List<ComparisonRow> rows, List<AttributeRow> attributes) {
        this.cfg = cfg;
        this.rows = rows;
        this.attributes = attributes;
    }

    List<Claim> all() {
        return List.of(beatsEncrypted(GAN), beatsEncrypted(UNET), ganVersusUnet(), attributesAboveChance(), attributesBeyondEncrypted());
    }

    /** A named metric's paired gain over the encrypted image. */
    private record Metric(String name, Function<ComparisonRow, Estimate> gain, Function<ComparisonRow, Estimate> value, boolean higherIsBetter) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("PSNR", ComparisonRow::psnrGain, ComparisonRow::psnr, true),
            new Metric("SSIM", ComparisonRow::ssimGain, ComparisonRow::ssim, true),
            new Metric("perceptual distance", ComparisonRow::perceptualGain, ComparisonRow::perceptual, false),
            new Metric("judge agreement", ComparisonRow::agreementGain, r -> r.agreement() == null ? null
                    : new Estimate(r.agreement().value(), r.agreement().wilson()), true));

    private Claim beatsEncrypted(String attack) {
        String statement = "The " + attack + " attack's reconstructions from images encrypted with unseen keys are nearer the plain images than the"
                + " encrypted images are, on every scheme and metric (PSNR, SSIM, perceptual distance, judge class agreement)";
        String rule = "a case is one scheme and metric; it passes when the paired per-image gain over the encrypted image has its 95% bootstrap interval"
                + " above 0 in every one of the " + cfg.attackSeeds.size() + " attack seeds; a metric not measured is left out and named";
        int cases = 0, passing = 0;
        List<String> failing = new ArrayList<>(), notMeasured = new ArrayList<>();
        for (String scheme : cfg.schemes) {
            for (Metric m : METRICS) {
                List<ComparisonRow> r = rows(scheme, attack);
                if (r.isEmpty() || r.stream().anyMatch(x -> m.gain().apply(x) == null)) {
                    notMeasured.add(scheme + "/" + m.name());
                    continue;
                }
                cases++;
                if (r.stream().allMatch(x -> m.gain().apply(x).interval().lower() > 0)) passing++;
                else failing.add(scheme + "/" + m.name() + " (gains " + gains(r, m) + ")");
            }
        }
        String evidence = String.format(Locale.ROOT, "%d of %d cases pass.%s%s", passing, cases,
                failing.isEmpty() ? "" : " Not beaten: " + String.join("; ", failing) + ".",
                notMeasured.isEmpty() ? "" : " Not measured: " + String.join(", ", notMeasured) + ".");
        return Claim.decide(statement, passing, cases, rule, evidence);
    }

    private Claim ganVersusUnet() {
        String statement = "The StyleGAN encoder attack reconstructs better than the U-Net inverse-translation baseline (same images, same keys)";
        String rule = "a case is one scheme and metric; it passes when the StyleGAN attack's mean is better than the U-Net's in every attack seed"
                + " (point values; per-seed values are in the table with their intervals)";
        int cases = 0, passing = 0;
        List<String> unetWins = new ArrayList<>();
        for (String scheme : cfg.schemes) {
            for (Metric m : METRICS) {
                List<ComparisonRow> g = rows(scheme, GAN), u = rows(scheme, UNET);
                if (g.isEmpty() || g.size() != u.size() || g.stream().anyMatch(x -> m.value().apply(x) == null)) continue;
                cases++;
                boolean all = true;
                for (int i = 0; i < g.size(); i++) {
                    double a = m.value().apply(g.get(i)).value(), b = m.value().apply(u.get(i)).value();
                    if (!(m.higherIsBetter() ? a > b : a < b)) all = false;
                }
                if (all) passing++;
                else unetWins.add(String.format(Locale.ROOT, "%s/%s (StyleGAN %s, U-Net %s)", scheme, m.name(), values(g, m), values(u, m)));
            }
        }
        return Claim.decide(statement, passing, cases, rule, String.format(Locale.ROOT, "%d of %d cases pass.%s", passing, cases,
                unetWins.isEmpty() ? "" : " The U-Net baseline is as good or better in: " + String.join("; ", unetWins) + "."));
    }

    private Claim attributesAboveChance() {
        String statement = "The EtC face attack recovers face attributes above chance from images encrypted with unseen keys (attribute classifier"
                + " trained on plain faces, reading the StyleGAN reconstructions)";
        String rule = "a case is one attribute scheme and attribute; it passes when the balanced accuracy's 95% bootstrap interval lies above chance"
                + " (1 / classes scored) in every attack seed; attributes with fewer than two classes of " + cfg.minPerClass
                + "+ test images are not measured and named";
        return attributeClaim(statement, rule, GAN, r -> r.accuracy().aboveChance(), "not above chance");
    }

    private Claim attributesBeyondEncrypted() {
        String statement = "The StyleGAN reconstructions reveal more of the attributes than the encrypted images do to the same classifier";
        String rule = "a case is one attribute scheme and attribute; it passes when the balanced accuracy on the reconstructions exceeds that on the"
                + " encrypted faces in every attack seed (point values)";
        return attributeClaim(statement, rule, GAN, r -> {
            AttributeRow enc = attributes.stream().filter(x -> x.seed() == r.seed() && x.scheme().equals(r.scheme()) && x.reader().equals(AttributeRow.ENCRYPTED)
                    && x.accuracy().attribute().equals(r.accuracy().attribute())).findFirst().orElse(null);
            return enc != null && enc.accuracy().measured() && r.accuracy().balancedAccuracy().value() > enc.accuracy().balancedAccuracy().value();
        }, "not above the encrypted faces");
    }

    private Claim attributeClaim(String statement, String rule, String reader, java.util.function.Predicate<AttributeRow> passes, String failWord) {
        if (!cfg.attributesMeasured()) {
            return Claim.notMeasured(statement, rule, "the attribute part needs emoji-faces and attribute schemes; dataset " + cfg.dataset);
        }
        int cases = 0, passing = 0;
        List<String> failing = new ArrayList<>();
        Set<String> notMeasured = new LinkedHashSet<>();
        for (String scheme : cfg.attributeSchemes) {
            Set<String> names = new LinkedHashSet<>();
            attributes.stream().filter(a -> a.scheme().equals(scheme) && a.reader().equals(reader)).forEach(a -> names.add(a.accuracy().attribute()));
            for (String attr : names) {
                List<AttributeRow> r = attributes.stream().filter(a -> a.scheme().equals(scheme) && a.reader().equals(reader)
                        && a.accuracy().attribute().equals(attr)).toList();
                if (r.stream().anyMatch(a -> !a.accuracy().measured())) {
                    notMeasured.add(attr + " (" + r.stream().filter(a -> !a.accuracy().measured()).findFirst().orElseThrow().accuracy().notMeasured() + ")");
                    continue;
                }
                cases++;
                if (r.stream().allMatch(passes)) passing++;
                else failing.add(String.format(Locale.ROOT, "%s/%s (balanced accuracy %s, chance %.3f)", scheme, attr,
                        r.stream().map(a -> String.format(Locale.ROOT, "%.3f", a.accuracy().balancedAccuracy().value())).toList(), r.get(0).accuracy().chance()));
            }
        }
        String evidence = String.format(Locale.ROOT, "%d of %d cases pass.%s%s", passing, cases,
                failing.isEmpty() ? "" : " " + capitalized(failWord) + ": " + String.join("; ", failing) + ".",
                notMeasured.isEmpty() ? "" : " Not measured: " + String.join("; ", notMeasured) + ".");
        return Claim.decide(statement, passing, cases, rule, evidence);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private List<ComparisonRow> rows(String scheme, String attack) {
        return rows.stream().filter(r -> r.scheme().equals(scheme) && r.attack().equals(attack)).toList();
    }

    private static String gains(List<ComparisonRow> r, Metric m) {
        return r.stream().map(x -> fmt(m.gain().apply(x))).toList().toString();
    }

    private static String values(List<ComparisonRow> r, Metric m) {
        return r.stream().map(x -> String.format(Locale.ROOT, "%.3f", m.value().apply(x).value())).toList().toString();
    }

    private static String fmt(Estimate e) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.interval().lower(), e.interval().upper());
    }
}
