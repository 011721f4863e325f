package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.attacks.Apgd;
import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.AutoAttack;
import dev.mamori.methods.attacks.CarliniWagnerL2;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.Pgd;
import dev.mamori.methods.attacks.SanityChecks;
import dev.mamori.methods.attacks.SanityWarning;
import dev.mamori.methods.attacks.Square;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.keydefense.adaptive.AttackerKnowledge;
import dev.mamori.methods.keydefense.adaptive.CraftedTransfer;
import dev.mamori.methods.keydefense.adaptive.FfxGradients;
import dev.mamori.methods.keydefense.adaptive.KeyKnowledge;
import dev.mamori.methods.keydefense.adaptive.KeySearch;
import dev.mamori.methods.keydefense.adaptive.KeyedAttack;
import dev.mamori.methods.keydefense.adaptive.KeyedAttacks;
import dev.mamori.methods.keydefense.adaptive.KeyedTarget;
import dev.mamori.methods.keydefense.adaptive.WeightAccess;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the configured attacks on one model of the experiment (see {@link KeyDefenseConfig#ATTACKS}) under the
 * configured budgets: the core ones on the attacked images, the costlier ones on the first {@code adaptiveExamples},
 * Square on the first {@code blackBoxExamples}, AutoAttack on the first {@code autoAttackExamples}, and the key search
 * on the attacker's own query images. A randomized model is judged on every one of its keys (the attack suite's
 * rule), and every outcome keeps that rule.
 */
final class AttackRunner {
    /** Test images the sanity checks look at. */
    private static final int SANITY_EXAMPLES = 32;

    private final KeyDefenseConfig config;
    private final INDArray images;
    private final int[] labels;
    private final INDArray queryImages;
    /** Per backbone: PGD crafted on the plain backbone, one per L-inf budget. */
    private final Map<String, List<CraftedTransfer>> transfers;
    private final PrintStream log;

    AttackRunner(KeyDefenseConfig config, INDArray images, int[] labels, INDArray queryImages, Map<String, List<CraftedTransfer>> transfers,
                 PrintStream log) {
        this.config = config;
        this.images = images;
        this.labels = labels;
        this.queryImages = queryImages;
        this.transfers = transfers;
        this.log = log;
    }

    // ------------------------------------------------------------------ the suite's attacks at the configured budgets

    private KeyedAttacks.AttackFactory pgd(double eps, long seed) {
        return m -> Pgd.linf(m, eps).steps(config.pgdSteps).alpha(config.pgdStepSize(eps)).seed(seed).batchSize(config.attackBatchSize);
    }

    private KeyedAttacks.AttackFactory apgd(double eps, long seed) {
        return m -> Apgd.ce(m, Norm.LINF, eps).steps(config.apgdSteps).seed(seed).batchSize(config.attackBatchSize);
    }

    /** CW bounded by the largest L2 budget; {@code kappa} > 0 for a transferred CW (a confident point, not a minimum-norm one). */
    private KeyedAttacks.AttackFactory cw(long seed, double kappa) {
        double largest = config.cwL2Budgets.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return m -> new CarliniWagnerL2(m).steps(config.cwSteps).binarySearchSteps(config.cwSearchSteps).kappa(kappa).maxNorm(largest).seed(seed)
                .batchSize(config.attackBatchSize);
    }

    private KeyedAttacks.AttackFactory square(double eps, long seed) {
        return m -> new Square(m, eps).queries(config.squareQueries).seed(seed).batchSize(config.attackBatchSize);
    }

    /** AutoAttack standard, or its rand version (EOT over every key) on a randomized model. */
    private AutoAttack autoAttack(Classifier m, boolean randomized, double eps, long seed) {
        AutoAttack a = randomized ? AutoAttack.rand(m, Norm.LINF, eps) : AutoAttack.standard(m, Norm.LINF, eps)
                .fabSteps(config.autoAttackFabSteps).squareQueries(config.autoAttackSquareQueries);
        return a.apgdSteps(config.autoAttackSteps).seed(seed).batchSize(config.attackBatchSize).warningsTo(null);
    }

    /** PGD crafted on the plain backbone, once per budget, shared by every model of that backbone. */
    static List<CraftedTransfer> craftTransfers(KeyDefenseConfig config, Classifier plain, String backbone, INDArray images, int[] labels) {
        List<CraftedTransfer> out = new ArrayList<>();
        for (double eps : config.budgets) {
            Pgd pgd = Pgd.linf(plain, eps).steps(config.pgdSteps).alpha(config.pgdStepSize(eps))
                    .seed(ExperimentSeeds.of(config.seed, backbone + "/transfer/" + eps)).batchSize(config.attackBatchSize);
            out.add(CraftedTransfer.craft("transfer_plain", pgd, images, labels,
                    AttackerKnowledge.offline(WeightAccess.PUBLIC_BACKBONE, KeyKnowledge.NONE)));
        }
        return out;
    }

    // ------------------------------------------------------------------ running

    ModelResult attack(BuiltModel m) {
        long t0 = System.nanoTime();
        List<AttackOutcome> outcomes = new ArrayList<>();
        List<SanityWarning> sanity = sanity(m);
        KeySearch.Result search = null;
        double recovered = Double.NaN;
        if (m.isPlain()) {
            attackPlain(m, outcomes);
            logOutcomes(outcomes);
            return new ModelResult(m, outcomes, null, recovered, sanity, (System.nanoTime() - t0) / 1e9);
        }
        KeyedTarget target = KeyedTarget.of(m.keyed());
        String id = m.id();
        List<CraftedTransfer> crafted = transfers.get(m.backbone());
        long guess = ExperimentSeeds.of(config.seed, id + "/guess");
        for (int b = 0; b < config.budgets.size(); b++) {
            double eps = config.budgets.get(b);
            String tag = id + "/" + eps;
            if (config.runs("white_box")) add(outcomes, KeyedAttacks.whiteBox("white_box", target, pgd(eps, seed(tag + "/wb"))), config.attackExamples);
            if (config.runs("autoattack") && target.isRandomized()) {
                AutoAttack aa = autoAttack(target.deployed(), true, eps, seed(tag + "/aa"));
                AttackResult r = aa.run(first(config.autoAttackExamples), labels(config.autoAttackExamples));
                outcomes.add(AttackOutcome.of("autoattack", r, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.ALL_SLOT_KEYS, true, 0,
                        r.meanQueries())));
            }
            if (config.runs("pgd_wrong_key")) add(outcomes, KeyedAttacks.wrongKey("pgd_wrong_key", target, pgd(eps, seed(tag + "/pgd")), guess), config.attackExamples);
            if (config.runs("transfer_plain") && crafted != null) outcomes.add(crafted.get(b).evaluate(m.classifier()));
            if (config.runs("apgd_wrong_key")) {
                add(outcomes, KeyedAttacks.wrongKey("apgd_wrong_key", target, apgd(eps, seed(tag + "/apgd")), guess), config.adaptiveExamples);
            }
            if (config.runs("square") && runsSquareAt(eps)) {
                add(outcomes, KeyedAttacks.blackBox("square", target, square(eps, seed(tag + "/square"))), config.blackBoxExamples);
            }
        }
        if (config.runs("cw_wrong_key")) {
            add(outcomes, KeyedAttacks.withinL2Budgets(KeyedAttacks.wrongKey("cw_wrong_key", target, cw(seed(id + "/cw"), config.cwKappa), guess),
                    l2Budgets()), config.adaptiveExamples);
        }
        if (config.runs("key_search") && target.keyCount() == 1) {
            long ts = System.nanoTime();
            KeySearch ks = KeySearch.against(target, queryImages);
            int channels = m.classifier().inChannels();
            BigInteger space = KeySearch.keySpaceSize(m.kind(), config.blockSize, channels);
            search = space.compareTo(BigInteger.valueOf(config.exhaustiveKeyLimit)) <= 0 && m.kind() != TransformKind.FFX
                    ? ks.exhaustive(m.kind(), config.blockSize, channels, config.exhaustiveKeyLimit, config.keySearchScreenImages, config.keySearchFinalists)
                    : ks.randomThenClimb(m.kind(), config.blockSize, channels, config.randomKeys, config.hillClimbSwaps, seed(id + "/search"));
            recovered = KeySearch.positionsRecovered(search.key(), m.keys().get(0));
            log.printf(Locale.ROOT, "    key search, %s: %s; %.0f%% of key positions right; %s of the key space scored (%d candidates, %d queries, %.1f s)%n",
                    search.method(), search.score(), 100 * recovered, fraction(search.searchedFraction()), search.evaluations(), search.targetQueries(),
                    (System.nanoTime() - ts) / 1e9);
            for (double eps : config.budgets) {
                add(outcomes, KeyedAttacks.estimatedKey("key_search", target, search, pgd(eps, seed(id + "/" + eps + "/ks"))), config.adaptiveExamples);
            }
        }
        for (double eps : config.budgets) {
            String tag = id + "/" + eps;
            if (config.runs("eot_random_keys")) {
                add(outcomes, KeyedAttacks.eotRandomKeys("eot_random_keys", target, pgd(eps, seed(tag + "/eotr")), config.eotPool,
                        config.eotSamples, seed(tag + "/pool")), config.adaptiveExamples);
            }
            if (config.runs("eot_own_keys") && target.isRandomized()) {
                add(outcomes, KeyedAttacks.eotOwnKeys("eot_own_keys", target, pgd(eps, seed(tag + "/eoto"))), config.adaptiveExamples);
            }
            if (config.runs("ffx_true_gradient") && m.kind() == TransformKind.FFX && m.keyed() instanceof KeyedClassifier k) {
                AttackResult r = pgd(eps, seed(tag + "/ffx0")).on(FfxGradients.trueGradient(k)).run(first(config.adaptiveExamples),
                        labels(config.adaptiveExamples));
                outcomes.add(AttackOutcome.of("ffx_true_gradient", r, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.RIGHT_KEY, true, 0,
                        r.meanQueries())));
            }
        }
        logOutcomes(outcomes);
        return new ModelResult(m, outcomes, search == null ? null : search.summary(), recovered, sanity, (System.nanoTime() - t0) / 1e9);
    }

    /** One log line per outcome: attack, budget, robust accuracy (per query on a randomized model) and seconds. */
    private void logOutcomes(List<AttackOutcome> outcomes) {
        for (AttackOutcome o : outcomes) {
            log.printf(Locale.ROOT, "    %-18s %-9s robust %s%s  %6.1f s%n", o.attack(), Claims.budget(o.epsilon(), o.norm()),
                    o.robustAccuracy(), o.perDrawRobustAccuracy() < o.robustAccuracy().value() - 1e-12
                            ? String.format(Locale.ROOT, " (per query %.1f%%)", 100 * o.perDrawRobustAccuracy()) : "", o.seconds());
        }
    }

    /** The plain backbone has no key: the same attacks crafted on it directly (white box), Square and AutoAttack. */
    private void attackPlain(BuiltModel m, List<AttackOutcome> outcomes) {
        Classifier plain = m.classifier();
        AttackerKnowledge white = new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.NONE, true, 0, Double.NaN);
        List<CraftedTransfer> crafted = transfers.get(m.backbone());
        for (int b = 0; b < config.budgets.size(); b++) {
            double eps = config.budgets.get(b);
            String tag = m.id() + "/" + eps;
            if (crafted != null && (config.runs("white_box") || config.runs("pgd_wrong_key"))) {
                // PGD crafted on the plain model is white box here; the crafting ran at full strength (no early stop)
                AttackOutcome own = crafted.get(b).evaluate(plain);
                AttackOutcome wb = new AttackOutcome("white_box", own.description().replace("Transfer[", "").replaceAll("]$", ""), own.norm(),
                        own.epsilon(), own.robustAccuracy(), own.successRate(), white.withQueriesPerExample(config.pgdSteps), own.seconds(),
                        own.perDrawRobustAccuracy(), own.judgeRule());
                if (config.runs("white_box")) outcomes.add(wb);
                if (config.runs("pgd_wrong_key")) outcomes.add(wb.named("pgd_wrong_key"));
            }
            if (config.runs("autoattack")) {
                AttackResult r = autoAttack(plain, false, eps, seed(tag + "/aa")).run(first(config.autoAttackExamples), labels(config.autoAttackExamples));
                outcomes.add(AttackOutcome.of("autoattack", r, white.withQueriesPerExample(r.meanQueries())));
            }
            if (config.runs("apgd_wrong_key")) {
                AttackResult r = apgd(eps, seed(tag + "/apgd")).on(plain).run(first(config.adaptiveExamples), labels(config.adaptiveExamples));
                outcomes.add(AttackOutcome.of("apgd_wrong_key", r, white.withQueriesPerExample(r.meanQueries())));
            }
            if (config.runs("square") && runsSquareAt(eps)) {
                AttackResult r = square(eps, seed(tag + "/square")).on(plain).run(first(config.blackBoxExamples), labels(config.blackBoxExamples));
                outcomes.add(AttackOutcome.of("square", r, new AttackerKnowledge(WeightAccess.NONE, KeyKnowledge.NONE, false, 0, r.meanQueries())));
            }
        }
        if (config.runs("cw_wrong_key")) {
            Attack<?> a = cw(seed(m.id() + "/cw"), 0).on(plain);
            INDArray x = first(config.adaptiveExamples);
            AttackResult r = a.run(x, labels(config.adaptiveExamples));
            double[] l2 = r.norms(x).l2();
            for (double budget : l2Budgets()) {
                outcomes.add(AttackOutcome.withinL2("cw_wrong_key", r, l2, budget, white.withQueriesPerExample(r.meanQueries())));
            }
        }
    }

    /**
     * The attack suite's checks on the deployed model (randomized outputs: which AutoAttack version to use), and on the
     * gradients an attacker holding the key would get: through FFX's true derivative they vanish (gradient masking).
     */
    private List<SanityWarning> sanity(BuiltModel m) {
        int n = Math.min(SANITY_EXAMPLES, labels.length);
        INDArray x = first(n);
        int[] y = labels(n);
        List<SanityWarning> out = new ArrayList<>();
        SanityChecks.randomizedOutputs(m.classifier(), x, y, 5).ifPresent(out::add);
        Classifier gradients = m.keyed() instanceof KeyedClassifier k && !k.transform().isDifferentiable() ? FfxGradients.trueGradient(k) : m.classifier();
        SanityChecks.zeroGradients(gradients, x, y, null).ifPresent(out::add);
        for (SanityWarning w : out) log.println("    sanity: " + w);
        return out;
    }

    private boolean runsSquareAt(double eps) {
        return config.squareBudgets.stream().anyMatch(b -> Math.abs(b - eps) < 1e-12);
    }

    private double[] l2Budgets() {
        return config.cwL2Budgets.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private long seed(String name) {
        return ExperimentSeeds.of(config.seed, name);
    }

    private INDArray first(int n) {
        return KeyDefenseExperiment.first(images, n);
    }

    private int[] labels(int n) {
        return Arrays.copyOf(labels, n);
    }

    private void add(List<AttackOutcome> into, KeyedAttack attack, int n) {
        into.addAll(attack.run(first(n), labels(n)));
    }

    static String fraction(double f) {
        if (f >= 1) return "all";
        if (f >= 1e-3) return String.format(Locale.ROOT, "%.2f%%", 100 * f);
        return String.format(Locale.ROOT, "at most %.2g", f);
    }
}
