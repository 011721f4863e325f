package dev.mamori.methods.keydefense.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.ForbiddenStrings;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the experiment's report: models, robust accuracy per attack and budget, attacks, key search, claims. */
final class KeyDefenseReport {
    /** What each attack is, in the report's legend. */
    static final Map<String, String[]> LEGEND = new LinkedHashMap<>();

    static {
        LEGEND.put("white_box", new String[]{"reference (key leaked)", "PGD on the deployed model with its key(s) on the tape; FFX through BPDA;"
                + " on a randomized multi-key model one random key per call (no EOT). On the plain backbone: PGD white box."});
        LEGEND.put("pgd_wrong_key", new String[]{"non-adaptive", "PGD on the model's weights with a wrong (guessed) key, transferred. On the"
                + " plain backbone (no key): PGD white box, the number the keyed models are compared with."});
        LEGEND.put("apgd_wrong_key", new String[]{"non-adaptive", "APGD-CE on the weights with a wrong key, transferred (plain: white box)."});
        LEGEND.put("cw_wrong_key", new String[]{"non-adaptive", "Carlini-Wagner L2 on the weights with a wrong key, transferred, judged at each"
                + " L2 budget (broken only within the budget) (plain: white box)."});
        LEGEND.put("square", new String[]{"non-adaptive, black box", "Square on the deployed model itself: queries only, no weights, no key (a"
                + " Square crafted on a wrong-key copy could only be weaker)."});
        LEGEND.put("transfer_plain", new String[]{"non-adaptive transfer", "PGD crafted once on the public plain backbone, judged on the keyed model."});
        LEGEND.put("key_search", new String[]{"adaptive", "Query the deployed model once on the attacker's own images, estimate the key by random"
                + " search then pairwise-swap hill climbing on the weights, then PGD with the estimated key (the inverse transform), transferred."});
        LEGEND.put("eot_random_keys", new String[]{"adaptive", "PGD on the weights with EOT over a pool of random keys, transferred."});
        LEGEND.put("eot_own_keys", new String[]{"adaptive (keys known)", "PGD on the randomized deployed model, each gradient averaged over"
                + " max(eotSamples, N) calls (EOT over the model's own keys)."});
        LEGEND.put("ffx_true_gradient", new String[]{"reference (key leaked)", "PGD through FFX with its true (zero) derivative: the gradient"
                + " masking that BPDA (white_box) removes."});
    }

    private KeyDefenseReport() {}

    static WrittenReport write(KeyDefenseConfig config, ImageData data, List<ModelResult> results, List<Claim> claims,
                               Map<String, Duration> timings, double seconds, Path directory) throws IOException {
        ExperimentReport r = ExperimentReport.named("keydefense: key-based defenses on " + config.dataset).seed(config.seed);
        for (ModelResult m : results) forbidKeys(r.forbiddenStrings(), m.model());
        r.config("experiment", config);
        r.config("pre-training images", data.train().size());
        timings.forEach(r::timing);
        r.timing("total", Duration.ofNanos((long) (seconds * 1e9)));
        for (ModelResult m : results) if (m.model().isPlain()) r.metric(m.model().id() + " clean accuracy", m.model().cleanAccuracy());

        r.paragraph(String.format(Locale.ROOT, "Key-based defenses (METHODS.md items 1-3) on %s: plain backbones %s trained as the"
                        + " \"pre-trained\" public models; keyed models for key kinds %s by methods %s (multi-key N = %s); every model attacked on %d test"
                        + " images (costlier attacks on the first %d), L-inf budgets %s, CW at L2 %s. Block size %d = patch size. Intervals are 95%%"
                        + " Wilson score intervals. Keys are in keys/ of the run directory (owner-only files); this report shows fingerprints only."
                        + " Total time %.1f minutes.", config.dataset, config.useBackbones, config.keyKinds, config.methods, config.keyCounts,
                config.attackExamples, config.adaptiveExamples, budgetList(config), config.cwL2Budgets, config.blockSize, seconds / 60));

        ClaimsSection.add(r, claims);

        r.section("Models");
        r.table(modelTable(results));

        r.section("Robust accuracy");
        r.paragraph("Robust accuracy: test images the deployed model classifies right both before and after the attack (RobustBench convention)."
                + " \"worst without key\" is the lowest robust accuracy over the attacks whose attacker does not hold the key (all but white_box,"
                + " eot_own_keys, ffx_true_gradient). On the plain backbone, which has no key, the *_wrong_key columns hold the same attack crafted on"
                + " it directly (white box). Empty cells: not applicable or not configured. The table of all outcomes below has the intervals.");
        for (double eps : config.budgets) r.table(budgetTable(config, results, eps));
        if (config.runs("cw_wrong_key")) r.table(cwTable(config, results));
        r.table(outcomeTable(results));

        r.section("Attacks");
        r.table(legend(config));

        if (results.stream().anyMatch(m -> m.keySearch() != null)) {
            r.section("Key search");
            r.paragraph("The attacker sends " + config.queryExamples + " of their own images to the deployed model once (top-1 answers), then"
                    + " scores " + config.randomKeys + " random keys and " + config.hillClimbSwaps + " pairwise swaps offline on the model's weights."
                    + " Agreement: query images on which the attacker's copy with the estimated key gives the deployed model's answer. Key positions"
                    + " right: scored by the experiment, which knows the key (an FFX key's AES part is never searched).");
            r.table(keySearchTable(results));
        }

        r.section("Notes");
        r.paragraph("Models trained from scratch got " + config.scratchEpochs + " epoch(s) on the same " + config.fineTuneSubset + " images that a"
                + " fine-tuning uses for " + config.fineTuneEpochs + " epoch(s), far less than the backbones' pre-training on "
                + (config.trainSubset == 0 ? "the whole training split" : config.trainSubset + " images") + "; FFX keys cannot be absorbed (not affine), so"
                + " there is no absorbed FFX model; multi-key models train each secret (patch embedding, head) pair for " + config.fineTuneEpochs
                + " epoch(s) on the frozen backbone, smaller N are the first slots of the largest. Attack settings: PGD " + config.pgdSteps
                + " steps (step 2.5 eps / steps, random start), APGD-CE " + config.apgdSteps + " steps, CW " + config.cwSteps + " steps x "
                + config.cwSearchSteps + " binary-search step(s), Square " + config.squareQueries + " queries, EOT " + config.eotSamples
                + " samples (pool of " + config.eotPool + " random keys). Transfers craft at full strength (no early stop).");
        return r.writeTo(directory);
    }

    // ------------------------------------------------------------------ tables

    static Table modelTable(List<ModelResult> results) {
        Table t = Table.of("Models", "model", "backbone", "key kind", "method", "keys (N)", "clean accuracy", "clean vs plain (points)",
                "seconds to create", "trainable parameters", "key fingerprints");
        for (ModelResult m : results) {
            BuiltModel b = m.model();
            Double delta = b.isPlain() ? null : plainClean(results, b.backbone()).map(p -> 100 * (b.cleanAccuracy().value() - p)).orElse(null);
            t.row(b.id(), b.backbone(), b.kind() == null ? "none" : b.kind().fileName(), b.methodLabel(), b.keyCount(), b.cleanAccuracy(), delta,
                    b.secondsToCreate(), b.trainableParameters(), b.isPlain() ? "" : String.join(" ", b.fingerprints()));
        }
        return t;
    }

    static Table budgetTable(KeyDefenseConfig config, List<ModelResult> results, double eps) {
        List<String> attacks = KeyDefenseConfig.ATTACKS.stream().filter(a -> !a.equals("cw_wrong_key"))
                .filter(a -> results.stream().anyMatch(m -> m.outcome(a, eps).isPresent())).toList();
        String[] columns = new String[attacks.size() + 3];
        columns[0] = "model";
        columns[1] = "clean accuracy";
        for (int i = 0; i < attacks.size(); i++) columns[i + 2] = attacks.get(i);
        columns[columns.length - 1] = "worst without key";
        Table t = Table.of(String.format(Locale.ROOT, "Robust accuracy at L-inf eps = %s (%.4f)", Claims.budget(eps, Norm.LINF), eps), columns)
                .showIntervals(false);
        for (ModelResult m : results) {
            Object[] row = new Object[columns.length];
            row[0] = m.model().id();
            row[1] = m.model().cleanAccuracy();
            for (int i = 0; i < attacks.size(); i++) row[i + 2] = m.outcome(attacks.get(i), eps).map(AttackOutcome::robustAccuracy).orElse(null);
            row[columns.length - 1] = m.worstWithoutKey(eps).map(o -> (Object) (Claims.pct(o.robustAccuracy().value()) + " " + o.attack())).orElse(null);
            t.row(row);
        }
        return t;
    }

    static Table cwTable(KeyDefenseConfig config, List<ModelResult> results) {
        String[] columns = new String[config.cwL2Budgets.size() + 2];
        columns[0] = "model";
        columns[1] = "clean accuracy";
        for (int i = 0; i < config.cwL2Budgets.size(); i++) columns[i + 2] = "cw_wrong_key L2 " + config.cwL2Budgets.get(i);
        Table t = Table.of("Robust accuracy under CW (L2)", columns).showIntervals(false);
        for (ModelResult m : results) {
            Object[] row = new Object[columns.length];
            row[0] = m.model().id();
            row[1] = m.model().cleanAccuracy();
            for (int i = 0; i < config.cwL2Budgets.size(); i++) {
                row[i + 2] = m.outcome("cw_wrong_key", config.cwL2Budgets.get(i)).map(AttackOutcome::robustAccuracy).orElse(null);
            }
            t.row(row);
        }
        return t;
    }

    static Table outcomeTable(List<ModelResult> results) {
        Table t = Table.of("All attack outcomes", "model", "attack", "budget", "robust accuracy", "attack success rate", "attacker knows",
                "queries to the deployed model per example", "seconds", "suite attack");
        for (ModelResult m : results) {
            for (AttackOutcome o : m.outcomes()) {
                double q = o.knowledge().queriesPerExample();
                t.row(m.model().id(), o.attack(), Claims.budget(o.epsilon(), o.norm()), o.robustAccuracy(), o.successRate(), o.knowledge().describe(),
                        Double.isNaN(q) ? null : q, o.seconds(), o.description());
            }
        }
        return t;
    }

    static Table legend(KeyDefenseConfig config) {
        Table t = Table.of("The attacks", "attack", "category", "what it does", "images");
        for (Map.Entry<String, String[]> e : LEGEND.entrySet()) {
            if (!config.runs(e.getKey())) continue;
            boolean core = List.of("white_box", "pgd_wrong_key", "transfer_plain").contains(e.getKey());
            t.row(e.getKey(), e.getValue()[0], e.getValue()[1], core ? config.attackExamples : config.adaptiveExamples);
        }
        return t;
    }

    static Table keySearchTable(List<ModelResult> results) {
        Table t = Table.of("Key search", "model", "agreement with the deployed model", "mean log-likelihood of its answers", "key positions right",
                "improvements accepted", "candidate keys scored", "queries to the deployed model", "seconds");
        for (ModelResult m : results) {
            if (m.keySearch() == null) continue;
            var s = m.keySearch();
            t.row(m.model().id(), Proportion.of(s.score().agreeing(), s.score().total()), s.score().logLikelihood(),
                    Claims.pct(m.positionsRecovered()), s.accepted().size(), s.evaluations(), s.targetQueries(), s.seconds());
        }
        return t;
    }

    // ------------------------------------------------------------------ helpers

    private static java.util.Optional<Double> plainClean(List<ModelResult> results, String backbone) {
        return results.stream().filter(m -> m.model().isPlain() && m.model().backbone().equals(backbone))
                .map(m -> m.model().cleanAccuracy().value()).findFirst();
    }

    private static String budgetList(KeyDefenseConfig config) {
        return config.budgets.stream().map(b -> Claims.budget(b, Norm.LINF)).collect(Collectors.joining(", "));
    }

    /** Registers the textual and binary forms of a model's key material, so that a report containing any of them is refused. */
    static void forbidKeys(ForbiddenStrings forbidden, BuiltModel m) {
        for (int i = 0; i < m.keys().size(); i++) {
            SecretKey k = m.keys().get(i);
            String label = "key of " + m.id() + " slot " + i;
            if (k.kind() == TransformKind.SHUFFLE) {
                int[] p = k.permutation();
                String[] parts = Arrays.stream(p).mapToObj(String::valueOf).toArray(String[]::new);
                forbidden.register(label + " (permutation)", String.join(",", parts));
                forbidden.register(label + " (permutation, spaced)", String.join(", ", parts));
                forbidden.register(label + " (permutation, space-separated)", String.join(" ", parts));
            } else {
                StringBuilder bits = new StringBuilder();
                for (boolean b : k.mask()) bits.append(b ? '1' : '0');
                forbidden.register(label + " (mask)", bits.toString());
                forbidden.register(label + " (mask list)", Arrays.toString(k.mask()));
            }
            if (k.kind() == TransformKind.FFX) forbidden.registerBytes(label + " (AES key)", k.aesKey());
        }
    }
}
