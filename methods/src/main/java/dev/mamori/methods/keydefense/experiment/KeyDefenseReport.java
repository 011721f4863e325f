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
                + " on a randomized multi-key model one random key per gradient (no EOT), judged on every key. On the plain backbone: PGD white box."});
        LEGEND.put("autoattack", new String[]{"reference (keys leaked)", "AutoAttack: on the plain backbone the standard version (APGD-CE, APGD-T,"
                + " FAB-T, Square) white box; on a randomized multi-key model the rand version (APGD-CE and APGD-DLR, every gradient averaged over"
                + " all N keys), judged on every key."});
        LEGEND.put("pgd_wrong_key", new String[]{"non-adaptive", "PGD on the model's weights with a wrong (guessed) key, transferred. On the"
                + " plain backbone (no key): PGD white box, the number the keyed models are compared with."});
        LEGEND.put("apgd_wrong_key", new String[]{"non-adaptive", "APGD-CE on the weights with a wrong key, transferred (plain: white box)."});
        LEGEND.put("cw_wrong_key", new String[]{"non-adaptive", "Carlini-Wagner L2 with a binary search over c, on the weights with a wrong key,"
                + " with confidence kappa > 0 (a confident point, not a minimum-norm one), transferred, judged at each L2 budget (broken only within"
                + " the budget). On the plain backbone: white box, kappa 0."});
        LEGEND.put("square", new String[]{"non-adaptive, black box", "Square on the deployed model itself: queries only, no weights, no key. On"
                + " a randomized model each iteration compares the current point and the proposal on the same drawn key, and an example counts as"
                + " broken only when every key is fooled."});
        LEGEND.put("transfer_plain", new String[]{"non-adaptive transfer", "PGD crafted once on the public plain backbone, judged on the keyed model."});
        LEGEND.put("key_search", new String[]{"adaptive", "Query the deployed model once on the attacker's own images, estimate the key (every key"
                + " when the key space is small enough, else random search then pairwise-swap hill climbing) on the weights, then PGD with the"
                + " estimated key (the inverse transform), transferred."});
        LEGEND.put("eot_random_keys", new String[]{"adaptive", "PGD on the weights with EOT over a pool of random keys, transferred."});
        LEGEND.put("eot_own_keys", new String[]{"adaptive (keys known)", "PGD on the randomized deployed model, each gradient averaged exactly"
                + " over all N of its keys (EOT over the model's own keys)."});
        LEGEND.put("ffx_true_gradient", new String[]{"check (key leaked)", "PGD through FFX with its true derivative (zero everywhere for FFX as"
                + " published): the gradient masking that BPDA (white_box) removes. A check of the transform, not a robustness number."});
    }

    private KeyDefenseReport() {}

    static WrittenReport write(KeyDefenseConfig config, ImageData data, List<ModelResult> results, List<Claim> claims,
                               Map<String, Duration> timings, double seconds, int readBack, Path directory) throws IOException {
        ExperimentReport r = ExperimentReport.named("keydefense: key-based defenses on " + config.dataset).seed(config.seed);
        for (ModelResult m : results) forbidKeys(r.forbiddenStrings(), m.model());
        r.config("experiment", config);
        r.config("pre-training images", data.train().size());
        timings.forEach(r::timing);
        r.timing("total", Duration.ofNanos((long) (seconds * 1e9)));
        for (ModelResult m : results) if (m.model().isPlain()) r.metric(m.model().id() + " clean accuracy", m.model().cleanAccuracy());

        if (config.quick) {
            r.paragraph("SMOKE RUN (--quick): attack budgets far below the reference ones (" + budgetsInWords(config) + ") on few images. Its"
                    + " numbers overstate robustness and are not evidence; the default run uses the reference budgets.");
        }
        r.paragraph(String.format(Locale.ROOT, "Key-based defenses (METHODS.md items 1-3) on %s: plain backbones %s trained as the"
                        + " \"pre-trained\" public models; keyed models for key kinds %s by methods %s (multi-key N = %s; FFX %s); every model attacked"
                        + " on %d test images by the core attacks, %d by the costlier ones, %d by Square, %d by AutoAttack; L-inf budgets %s, CW at L2 %s."
                        + " Attack budgets: %s. Block size %d = patch size. Intervals are 95%% Wilson score intervals. A randomized model is judged on"
                        + " every one of its keys: an example counts as broken only when all N keys are fooled (the robust accuracy a single query sees,"
                        + " averaged over the keys, is given beside it). Total time %.1f minutes.", config.dataset, config.useBackbones, config.keyKinds,
                config.methods, config.keyCounts, config.ffxVariant, config.attackExamples, config.adaptiveExamples, config.blackBoxExamples,
                config.autoAttackExamples, budgetList(config), config.cwL2Budgets, budgetsInWords(config), config.blockSize, seconds / 60));
        r.paragraph(config.reproducibleKeys
                ? "Keys: derived from the seed (reproducibleKeys): keys derivable from the seed. Anyone who knows the seed and this code rebuilds"
                        + " every key of this run; use it for tests and papers only."
                : "Keys: drawn from SecureRandom and stored only in keys/ of the run directory (owner-only files); the seed drives data order and"
                        + " initialization, never keys. This report shows random key ids only, which say nothing about the keys.");

        if (readBack > 0) {
            r.paragraph("Resumed run: the attacks on " + readBack + " of the " + results.size() + " models ran in earlier attempts (their results were"
                    + " journaled and are read back, with the seconds they took); the timings and total time above count the last attempt only.");
        }

        ClaimsSection.add(r, claims);

        r.section("Models");
        r.table(modelTable(results));

        r.section("Robust accuracy");
        r.paragraph("Robust accuracy: test images the deployed model classifies right both before and after the attack (RobustBench convention);"
                + " each column header gives the attack's budget and image count. On a randomized model a cell reads \"a (per query b)\": a under"
                + " the all-keys rule, b the mean over its keys. \"worst without key\" is the lowest robust accuracy per query over the attacks whose"
                + " attacker does not hold the key (all but white_box, autoattack, eot_own_keys, ffx_true_gradient). On the plain backbone, which"
                + " has no key, the *_wrong_key columns hold the same attack crafted on it directly (white box). Empty cells: not applicable or not"
                + " configured. The table of all outcomes below has the intervals and each attack's full settings.");
        for (double eps : config.budgets) r.table(budgetTable(config, results, eps));
        if (config.runs("cw_wrong_key")) r.table(cwTable(config, results));
        r.table(outcomeTable(results));

        r.section("Attacks");
        r.table(legend(config));

        if (results.stream().anyMatch(m -> m.keySearch() != null)) {
            r.section("Key search");
            r.paragraph("The attacker sends " + config.queryExamples + " of their own images to the deployed model once (top-1 answers), then"
                    + " scores keys offline on the model's weights: every key when the key space has at most " + config.exhaustiveKeyLimit
                    + " keys (each on " + config.keySearchScreenImages + " query images, the best " + config.keySearchFinalists + " on all), else "
                    + config.randomKeys + " random keys and " + config.hillClimbSwaps + " pairwise swaps; the table gives the fraction of the key"
                    + " space scored. Agreement: query images on which the attacker's copy with the estimated key gives the deployed model's answer."
                    + " Key positions right: scored by the experiment, which knows the key (an FFX key's AES part is never searched).");
            r.table(keySearchTable(results));
        }

        r.section("Checks");
        r.paragraph("The attack suite's sanity checks on every model (AutoAttack's checks): randomized outputs (such a model needs AutoAttack's"
                + " rand version and judging on every key) and zero gradients (gradient masking; on FFX models the gradient an attacker gets"
                + " through FFX's true derivative). Not claims: properties of the models and transforms that the evaluation must account for.");
        r.table(sanityTable(results));
        if (config.runs("ffx_true_gradient")) r.table(ffxTable(config, results));

        r.section("Notes");
        r.paragraph("Models trained from scratch got " + config.scratchEpochs + " epoch(s) on the same " + config.fineTuneSubset + " images that a"
                + " fine-tuning uses for " + config.fineTuneEpochs + " epoch(s), far less than the backbones' pre-training on "
                + (config.trainSubset == 0 ? "the whole training split" : config.trainSubset + " images") + "; FFX keys cannot be absorbed (not affine), so"
                + " there is no absorbed FFX model; multi-key models train each secret (patch embedding, head) pair for " + config.fineTuneEpochs
                + " epoch(s) on the frozen backbone, smaller N are the first slots of the largest. Attack settings: " + budgetsInWords(config)
                + ". Transfers craft at full strength (no early stop).");
        return r.writeTo(directory);
    }

    // ------------------------------------------------------------------ tables

    static Table modelTable(List<ModelResult> results) {
        Table t = Table.of("Models", "model", "backbone", "key kind", "method", "keys (N)", "clean accuracy", "clean vs plain (points)",
                "seconds to create", "trainable parameters", "key ids");
        for (ModelResult m : results) {
            BuiltModel b = m.model();
            Double delta = b.isPlain() ? null : plainClean(results, b.backbone()).map(p -> 100 * (b.cleanAccuracy().value() - p)).orElse(null);
            t.row(b.id(), b.backbone(), b.kind() == null ? "none" : b.kind().fileName(), b.methodLabel(), b.keyCount(), b.cleanAccuracy(), delta,
                    b.secondsToCreate(), b.trainableParameters(), b.isPlain() ? "" : String.join(" ", b.keyIds()));
        }
        return t;
    }

    static Table budgetTable(KeyDefenseConfig config, List<ModelResult> results, double eps) {
        List<String> attacks = KeyDefenseConfig.ATTACKS.stream().filter(a -> !a.equals("cw_wrong_key"))
                .filter(a -> results.stream().anyMatch(m -> m.outcome(a, eps).isPresent())).toList();
        String[] columns = new String[attacks.size() + 3];
        columns[0] = "model";
        columns[1] = "clean accuracy";
        for (int i = 0; i < attacks.size(); i++) columns[i + 2] = attacks.get(i) + " (" + shortBudget(config, attacks.get(i)) + ")";
        columns[columns.length - 1] = "worst without key";
        Table t = Table.of(String.format(Locale.ROOT, "Robust accuracy at L-inf eps = %s (%.4f)", Claims.budget(eps, Norm.LINF), eps), columns)
                .showIntervals(false);
        for (ModelResult m : results) {
            Object[] row = new Object[columns.length];
            row[0] = m.model().id();
            row[1] = m.model().cleanAccuracy();
            for (int i = 0; i < attacks.size(); i++) row[i + 2] = m.outcome(attacks.get(i), eps).map(KeyDefenseReport::cell).orElse(null);
            row[columns.length - 1] = m.worstWithoutKey(eps).map(o -> (Object) (Claims.pct(o.perDrawRobustAccuracy()) + " " + o.attack())).orElse(null);
            t.row(row);
        }
        return t;
    }

    static Table cwTable(KeyDefenseConfig config, List<ModelResult> results) {
        String[] columns = new String[config.cwL2Budgets.size() + 2];
        columns[0] = "model";
        columns[1] = "clean accuracy";
        for (int i = 0; i < config.cwL2Budgets.size(); i++) columns[i + 2] = "cw_wrong_key L2 " + config.cwL2Budgets.get(i) + " (" + shortBudget(config, "cw_wrong_key") + ")";
        Table t = Table.of("Robust accuracy under CW (L2)", columns).showIntervals(false);
        for (ModelResult m : results) {
            Object[] row = new Object[columns.length];
            row[0] = m.model().id();
            row[1] = m.model().cleanAccuracy();
            for (int i = 0; i < config.cwL2Budgets.size(); i++) {
                row[i + 2] = m.outcome("cw_wrong_key", config.cwL2Budgets.get(i)).map(KeyDefenseReport::cell).orElse(null);
            }
            t.row(row);
        }
        return t;
    }

    static Table outcomeTable(List<ModelResult> results) {
        Table t = Table.of("All attack outcomes", "model", "attack", "budget", "robust accuracy", "per query (randomized)", "attack success rate",
                "judged by", "attacker knows", "queries to the deployed model per example", "seconds", "suite attack (full settings)");
        for (ModelResult m : results) {
            for (AttackOutcome o : m.outcomes()) {
                double q = o.knowledge().queriesPerExample();
                t.row(m.model().id(), o.attack(), Claims.budget(o.epsilon(), o.norm()), o.robustAccuracy(), o.perDrawRobustAccuracy(), o.successRate(),
                        o.judgeRule(), o.knowledge().describe(), Double.isNaN(q) ? null : q, o.seconds(), o.description());
            }
        }
        return t;
    }

    static Table legend(KeyDefenseConfig config) {
        Table t = Table.of("The attacks", "attack", "category", "what it does", "budget", "images");
        for (Map.Entry<String, String[]> e : LEGEND.entrySet()) {
            if (!config.runs(e.getKey())) continue;
            t.row(e.getKey(), e.getValue()[0], e.getValue()[1], shortBudget(config, e.getKey()), images(config, e.getKey()));
        }
        return t;
    }

    static Table keySearchTable(List<ModelResult> results) {
        Table t = Table.of("Key search", "model", "search", "fraction of the key space scored", "agreement with the deployed model",
                "mean log-likelihood of its answers", "key positions right", "candidate keys scored", "queries to the deployed model", "seconds");
        for (ModelResult m : results) {
            if (m.keySearch() == null) continue;
            var s = m.keySearch();
            t.row(m.model().id(), s.method(), AttackRunner.fraction(s.searchedFraction()), Proportion.of(s.score().agreeing(), s.score().total()),
                    s.score().logLikelihood(), Claims.pct(m.positionsRecovered()), s.evaluations(), s.targetQueries(), s.seconds());
        }
        return t;
    }

    static Table sanityTable(List<ModelResult> results) {
        Table t = Table.of("Sanity checks", "model", "randomized outputs", "zero or vanishing gradients", "what to do");
        for (ModelResult m : results) {
            var kinds = m.sanity().stream().map(dev.mamori.methods.attacks.SanityWarning::kind).toList();
            boolean randomized = kinds.contains(dev.mamori.methods.attacks.SanityWarning.Kind.RANDOMIZED_OUTPUT);
            boolean zero = kinds.contains(dev.mamori.methods.attacks.SanityWarning.Kind.ZERO_GRADIENT);
            String todo = (randomized ? "AutoAttack rand version, EOT over all keys, judge on every key" : "")
                    + (randomized && zero ? "; " : "") + (zero ? "BPDA (white_box does) or a black-box attack" : "");
            t.row(m.model().id(), randomized ? "yes" : "no", zero ? m.sanity().stream().filter(w -> w.kind() == dev.mamori.methods.attacks.SanityWarning.Kind.ZERO_GRADIENT)
                    .findFirst().orElseThrow().message().split(":")[0] : "no", todo.isEmpty() ? "-" : todo);
        }
        return t;
    }

    /** FFX models: PGD through the true derivative (zero) against PGD through BPDA, both with the key. */
    static Table ffxTable(KeyDefenseConfig config, List<ModelResult> results) {
        Table t = Table.of("FFX: true gradient vs BPDA (key leaked; a check, not a claim)", "model", "budget", "PGD with the true gradient",
                "PGD with BPDA (white_box)", "clean accuracy");
        for (ModelResult m : results) {
            if (m.model().kind() != TransformKind.FFX) continue;
            for (double eps : config.budgets) {
                var tg = m.outcome("ffx_true_gradient", eps);
                if (tg.isEmpty()) continue;
                t.row(m.model().id(), Claims.budget(eps, Norm.LINF), tg.get().robustAccuracy(),
                        m.outcome("white_box", eps).map(AttackOutcome::robustAccuracy).orElse(null), m.model().cleanAccuracy());
            }
        }
        return t;
    }

    // ------------------------------------------------------------------ helpers

    /** A table cell: the robust accuracy, and on a randomized model the per-query one beside it. */
    static Object cell(AttackOutcome o) {
        if (o.perDrawRobustAccuracy() >= o.robustAccuracy().value() - 1e-12) return o.robustAccuracy();
        return String.format(Locale.ROOT, "%s (per query %s)", Claims.pct(o.robustAccuracy().value()), Claims.pct(o.perDrawRobustAccuracy()));
    }

    /** Every attack's budget in words, for the report's header and notes. */
    static String budgetsInWords(KeyDefenseConfig c) {
        return String.format(Locale.ROOT, "PGD %d steps of eps x %.3g with a random start; APGD-CE %d iterations; CW %d Adam steps x %d binary-search"
                        + " steps (kappa %.3g when transferred); Square %,d queries at L-inf %s; AutoAttack %s with APGD %d iterations%s; EOT over"
                        + " random keys %d samples from a pool of %d; EOT over a model's own keys: all N exactly", c.pgdSteps, c.pgdStepFraction, c.apgdSteps,
                c.cwSteps, c.cwSearchSteps, c.cwKappa, c.squareQueries, c.squareBudgets.stream().map(x -> Claims.budget(x, Norm.LINF))
                        .collect(Collectors.joining(", ")), "standard on the plain backbones, rand version on randomized models", c.autoAttackSteps,
                c.autoAttackFabSteps > 0 || c.autoAttackSquareQueries > 0 ? String.format(Locale.ROOT, ", FAB-T %d, Square %,d", c.autoAttackFabSteps,
                        c.autoAttackSquareQueries) : "", c.eotSamples, c.eotPool);
    }

    /** An attack's budget in a few words, for column headers and the legend. */
    static String shortBudget(KeyDefenseConfig c, String attack) {
        return switch (attack) {
            case "white_box", "pgd_wrong_key", "transfer_plain", "key_search", "ffx_true_gradient" -> "PGD-" + c.pgdSteps + ", n=" + images(c, attack);
            case "autoattack" -> "AA std/rand, APGD-" + c.autoAttackSteps + ", n=" + images(c, attack);
            case "apgd_wrong_key" -> "APGD-" + c.apgdSteps + ", n=" + images(c, attack);
            case "cw_wrong_key" -> "CW " + c.cwSteps + "x" + c.cwSearchSteps + ", n=" + images(c, attack);
            case "square" -> "Square-" + c.squareQueries + ", n=" + images(c, attack);
            case "eot_random_keys" -> "PGD-" + c.pgdSteps + " EOT-" + c.eotSamples + ", n=" + images(c, attack);
            case "eot_own_keys" -> "PGD-" + c.pgdSteps + " EOT all keys, n=" + images(c, attack);
            default -> attack;
        };
    }

    /** How many test images an attack runs on. */
    static int images(KeyDefenseConfig c, String attack) {
        return switch (attack) {
            case "white_box", "pgd_wrong_key", "transfer_plain" -> c.attackExamples;
            case "square" -> c.blackBoxExamples;
            case "autoattack" -> c.autoAttackExamples;
            default -> c.adaptiveExamples;
        };
    }

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
