package dev.mamori.methods.accesscontrol.experiment;

import dev.mamori.eval.detection.CocoSummary;
import dev.mamori.methods.accesscontrol.ProtectionScheme;
import dev.mamori.methods.common.Claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The paper's claims and our caveats, each decided by a rule stated before the numbers were seen, on AP@[.5:.95]
 * averaged over the training seeds. A scheme is one case; a claim with no case is not measured.
 */
final class AccessControlClaims {
    /** "Nearly the unprotected AP": within 1 AP point. */
    static final double NEARLY_POINTS = 1.0;
    /** "Collapses": below 10% of the unprotected AP. */
    static final double COLLAPSE_SHARE = 0.10;
    /** The attacker "does not get" the model's performance: below half the authorized AP (ours). */
    static final double ATTACKER_SHARE = 0.5;

    private final AccessControlConfig config;
    private final List<SeedResult> seeds;

    AccessControlClaims(AccessControlConfig config, List<SeedResult> seeds) {
        this.config = config;
        this.seeds = seeds;
    }

    List<Claim> all() {
        return List.of(authorizedKeepsAp(), noKeyCollapses(), bestWrongKeyCollapses(), featureKeysCostLess(), attackerFallsShort());
    }

    /** The feature-map schemes, in config order. */
    List<ProtectionScheme> featureSchemes() {
        return schemes().stream().filter(s -> !s.onInput()).toList();
    }

    List<ProtectionScheme> inputSchemes() {
        return schemes().stream().filter(ProtectionScheme::onInput).toList();
    }

    private List<ProtectionScheme> schemes() {
        return seeds.isEmpty() ? List.of() : seeds.get(0).schemes().stream().map(SchemeResult::scheme).toList();
    }

    /** Mean over seeds of a per-seed number of one scheme; NaN when some seed lacks it. */
    double mean(ProtectionScheme scheme, ToDoubleFunction<SchemeResult> f) {
        double sum = 0;
        for (SeedResult s : seeds) {
            SchemeResult r = s.scheme(scheme.id()).orElse(null);
            if (r == null) return Double.NaN;
            sum += f.applyAsDouble(r);
        }
        return sum / seeds.size();
    }

    double meanPlain(Function<SeedResult, CocoSummary> f) {
        return seeds.stream().mapToDouble(s -> f.apply(s).ap()).average().orElse(Double.NaN);
    }

    /** Unprotected AP minus the right key's AP, in points, mean over seeds (positive: the key costs AP). */
    double cost(ProtectionScheme scheme) {
        return 100 * (meanPlain(SeedResult::plain) - mean(scheme, r -> r.rightKey().ap()));
    }

    Claim authorizedKeepsAp() {
        String statement = "With the right key, the protected detector performs nearly as the unprotected one (Nagamori et al.; goal: AP@[.5:.95]"
                + " within " + NEARLY_POINTS + " point)";
        String rule = "per feature-map scheme: mean over the " + seeds.size() + " seed(s) of the right key's AP >= the unprotected AP - "
                + NEARLY_POINTS + " point (whole test set)";
        List<ProtectionScheme> cases = featureSchemes();
        if (cases.isEmpty()) return Claim.notMeasured(statement, rule, "no feature-map scheme was run");
        int pass = 0;
        List<String> evidence = new ArrayList<>();
        for (ProtectionScheme s : cases) {
            double cost = cost(s);
            if (cost <= NEARLY_POINTS) pass++;
            evidence.add(String.format(Locale.ROOT, "%s: %.2f vs %.2f (%+.2f)", s.id(), 100 * mean(s, r -> r.rightKey().ap()),
                    100 * meanPlain(SeedResult::plain), -cost));
        }
        return Claim.decide(statement, pass, cases.size(), rule, "right-key vs unprotected AP (points, mean over seeds): " + String.join("; ", evidence) + ".");
    }

    Claim noKeyCollapses() {
        String statement = "Without the key (no transform, or a wrong key) the AP collapses (Nagamori et al.; goal: below "
                + pct(COLLAPSE_SHARE) + " of the unprotected AP)";
        String rule = "per feature-map scheme: the AP without any transform (whole test set) and the mean AP over the " + config.wrongKeys
                + " wrong keys (on the " + config.wrongKeyImages + " wrong-key test images) are both below " + pct(COLLAPSE_SHARE)
                + " of the unprotected AP on the same images (means over seeds)";
        List<ProtectionScheme> cases = featureSchemes();
        if (cases.isEmpty()) return Claim.notMeasured(statement, rule, "no feature-map scheme was run");
        if (config.wrongKeys == 0) return Claim.notMeasured(statement, rule, "no wrong key was tried (wrongKeys: 0)");
        double plain = meanPlain(SeedResult::plain), plainSubset = meanPlain(SeedResult::plainSubset);
        int pass = 0;
        List<String> evidence = new ArrayList<>();
        for (ProtectionScheme s : cases) {
            double none = mean(s, r -> r.noKey().ap()), wrong = mean(s, r -> r.wrongKeys().mean());
            if (none < COLLAPSE_SHARE * plain && wrong < COLLAPSE_SHARE * plainSubset) pass++;
            evidence.add(String.format(Locale.ROOT, "%s: no transform %.2f (%s of %.2f), wrong keys %.2f (%s of %.2f)", s.id(), 100 * none,
                    pct(none / plain), 100 * plain, 100 * wrong, pct(wrong / plainSubset), 100 * plainSubset));
        }
        return Claim.decide(statement, pass, cases.size(), rule, "AP points, means over seeds: " + String.join("; ", evidence) + ".");
    }

    Claim bestWrongKeyCollapses() {
        String statement = "Even the best of the wrong keys, the guessing attacker's best case, stays below " + pct(COLLAPSE_SHARE)
                + " of the unprotected AP (ours)";
        String rule = "per feature-map scheme and seed: the highest AP over the " + config.wrongKeys + " wrong keys is below " + pct(COLLAPSE_SHARE)
                + " of that seed's unprotected AP on the wrong-key images";
        List<ProtectionScheme> schemes = featureSchemes();
        if (schemes.isEmpty() || config.wrongKeys == 0) return Claim.notMeasured(statement, rule, "no wrong key was tried on a feature-map scheme");
        int pass = 0, cases = 0;
        List<String> evidence = new ArrayList<>();
        for (ProtectionScheme s : schemes) {
            for (SeedResult seed : seeds) {
                SchemeResult r = seed.scheme(s.id()).orElseThrow();
                if (r.wrongKeys() == null) continue;
                cases++;
                double best = r.wrongKeys().max();
                if (best < COLLAPSE_SHARE * seed.plainSubset().ap()) pass++;
                evidence.add(String.format(Locale.ROOT, "%s seed %d: %.2f (unprotected %.2f)", s.id(), seed.seed(), 100 * best, 100 * seed.plainSubset().ap()));
            }
        }
        return Claim.decide(statement, pass, cases, rule, "best wrong-key AP points: " + String.join("; ", evidence) + ".");
    }

    Claim featureKeysCostLess() {
        String statement = "Encrypting feature maps costs the authorized user less AP than encrypting the input images with the same kind of"
                + " block-wise key (Nagamori et al.)";
        String rule = "per (feature-map scheme, input-image scheme of the same transform kind): the feature-map scheme's cost (unprotected AP"
                + " minus right-key AP, mean over seeds) is lower than the input-image scheme's";
        List<String> evidence = new ArrayList<>();
        int pass = 0, cases = 0;
        for (ProtectionScheme input : inputSchemes()) {
            for (ProtectionScheme feature : featureSchemes()) {
                if (feature.kind() != input.kind()) continue;
                cases++;
                double cf = cost(feature), ci = cost(input);
                if (cf < ci) pass++;
                evidence.add(String.format(Locale.ROOT, "%s costs %.2f vs %s %.2f", feature.id(), cf, input.id(), ci));
            }
        }
        if (cases == 0) {
            return Claim.notMeasured(statement, rule, inputSchemes().isEmpty() ? "no input-image scheme was run (inputTransforms is empty)"
                    : "no feature-map scheme shares a transform kind with the input-image schemes");
        }
        return Claim.decide(statement, pass, cases, rule, "AP points lost against the unprotected detector: " + String.join("; ", evidence) + ".");
    }

    Claim attackerFallsShort() {
        String statement = "An attacker who fine-tunes the protected detector with " + pct(config.attackerFraction) + " of the labelled training"
                + " data and a key of their own does not obtain its performance (ours: stays below " + pct(ATTACKER_SHARE) + " of the authorized AP)";
        String rule = "per feature-map scheme: the attacker's AP (mean over seeds) is below " + pct(ATTACKER_SHARE) + " of the right key's AP";
        List<ProtectionScheme> cases = featureSchemes();
        if (config.attackerFraction == 0 || cases.isEmpty() || seeds.stream().flatMap(s -> s.schemes().stream()).anyMatch(r -> r.attacker() == null)) {
            return Claim.notMeasured(statement, rule, "the fine-tuning attacker was not run");
        }
        int pass = 0;
        List<String> evidence = new ArrayList<>();
        for (ProtectionScheme s : cases) {
            double attacker = mean(s, r -> r.attacker().ap()), right = mean(s, r -> r.rightKey().ap());
            if (attacker < ATTACKER_SHARE * right) pass++;
            evidence.add(String.format(Locale.ROOT, "%s: attacker %.2f vs authorized %.2f", s.id(), 100 * attacker, 100 * right));
        }
        String scratch = seeds.stream().map(SeedResult::attackerScratch).allMatch(Objects::nonNull)
                ? String.format(Locale.ROOT, " A fresh detector trained on the attacker's share alone reaches %.2f.", 100 * meanPlain(SeedResult::attackerScratch))
                : "";
        return Claim.decide(statement, pass, cases.size(), rule, "AP points, means over seeds: " + String.join("; ", evidence) + "." + scratch);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
