package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.attacks.Apgd;
import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.CarliniWagnerL2;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.Pgd;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the configured attacks on one model of the experiment (see {@link KeyDefenseConfig#ATTACKS}): the core ones on
 * the attacked images, the costlier ones on the first {@code adaptiveExamples} of them, and the key search on the
 * attacker's own query images.
 */
final class AttackRunner {
    private final KeyDefenseConfig config;
    private final INDArray images;
    private final int[] labels;
    private final INDArray adaptiveImages;
    private final int[] adaptiveLabels;
    private final INDArray queryImages;
    /** Per backbone: PGD crafted on the plain backbone, one per L-inf budget. */
    private final Map<String, List<CraftedTransfer>> transfers;
    private final PrintStream log;

    AttackRunner(KeyDefenseConfig config, INDArray images, int[] labels, INDArray adaptiveImages, int[] adaptiveLabels, INDArray queryImages,
                 Map<String, List<CraftedTransfer>> transfers, PrintStream log) {
        this.config = config;
        this.images = images;
        this.labels = labels;
        this.adaptiveImages = adaptiveImages;
        this.adaptiveLabels = adaptiveLabels;
        this.queryImages = queryImages;
        this.transfers = transfers;
        this.log = log;
    }

    // ------------------------------------------------------------------ the suite's attacks, configured

    private KeyedAttacks.AttackFactory pgd(double eps, long seed) {
        return m -> Pgd.linf(m, eps).steps(config.pgdSteps).seed(seed).batchSize(config.attackBatchSize);
    }

    private KeyedAttacks.AttackFactory apgd(double eps, long seed) {
        return m -> Apgd.ce(m, Norm.LINF, eps).steps(config.apgdSteps).seed(seed).batchSize(config.attackBatchSize);
    }

    private KeyedAttacks.AttackFactory cw(long seed) {
        double largest = config.cwL2Budgets.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return m -> new CarliniWagnerL2(m).steps(config.cwSteps).binarySearchSteps(config.cwSearchSteps).maxNorm(largest).seed(seed)
                .batchSize(config.attackBatchSize);
    }

    private KeyedAttacks.AttackFactory square(double eps, long seed) {
        return m -> new Square(m, eps).queries(config.squareQueries).seed(seed).batchSize(config.attackBatchSize);
    }

    /** PGD crafted on the plain backbone, once per budget, shared by every model of that backbone. */
    static List<CraftedTransfer> craftTransfers(KeyDefenseConfig config, Classifier plain, String backbone, INDArray images, int[] labels) {
        List<CraftedTransfer> out = new ArrayList<>();
        for (double eps : config.budgets) {
            Pgd pgd = Pgd.linf(plain, eps).steps(config.pgdSteps).seed(ExperimentSeeds.of(config.seed, backbone + "/transfer/" + eps))
                    .batchSize(config.attackBatchSize);
            out.add(CraftedTransfer.craft("transfer_plain", pgd, images, labels,
                    AttackerKnowledge.offline(WeightAccess.PUBLIC_BACKBONE, KeyKnowledge.NONE)));
        }
        return out;
    }

    // ------------------------------------------------------------------ running

    ModelResult attack(BuiltModel m) {
        long t0 = System.nanoTime();
        List<AttackOutcome> outcomes = new ArrayList<>();
        KeySearch.Result search = null;
        double recovered = Double.NaN;
        if (m.isPlain()) {
            attackPlain(m, outcomes);
        } else {
            KeyedTarget target = KeyedTarget.of(m.keyed());
            String id = m.id();
            List<CraftedTransfer> crafted = transfers.get(m.backbone());
            for (int b = 0; b < config.budgets.size(); b++) {
                double eps = config.budgets.get(b);
                String tag = id + "/" + eps;
                if (config.runs("white_box")) add(outcomes, KeyedAttacks.whiteBox("white_box", target, pgd(eps, ExperimentSeeds.of(config.seed, tag + "/wb"))), images, labels);
                if (config.runs("pgd_wrong_key")) {
                    add(outcomes, KeyedAttacks.wrongKey("pgd_wrong_key", target, pgd(eps, ExperimentSeeds.of(config.seed, tag + "/pgd")),
                            ExperimentSeeds.of(config.seed, id + "/guess")), images, labels);
                }
                if (config.runs("transfer_plain") && crafted != null) outcomes.add(crafted.get(b).evaluate(m.classifier()));
                if (config.runs("apgd_wrong_key")) {
                    add(outcomes, KeyedAttacks.wrongKey("apgd_wrong_key", target, apgd(eps, ExperimentSeeds.of(config.seed, tag + "/apgd")),
                            ExperimentSeeds.of(config.seed, id + "/guess")), adaptiveImages, adaptiveLabels);
                }
                if (config.runs("square")) add(outcomes, KeyedAttacks.blackBox("square", target, square(eps, ExperimentSeeds.of(config.seed, tag + "/square"))),
                        adaptiveImages, adaptiveLabels);
            }
            if (config.runs("cw_wrong_key")) {
                add(outcomes, KeyedAttacks.withinL2Budgets(KeyedAttacks.wrongKey("cw_wrong_key", target, cw(ExperimentSeeds.of(config.seed, id + "/cw")),
                        ExperimentSeeds.of(config.seed, id + "/guess")), l2Budgets()), adaptiveImages, adaptiveLabels);
            }
            if (config.runs("key_search") && target.keyCount() == 1) {
                long ts = System.nanoTime();
                KeySearch ks = KeySearch.against(target, queryImages);
                search = ks.randomThenClimb(m.kind(), config.blockSize, m.classifier().inChannels(), config.randomKeys, config.hillClimbSwaps,
                        ExperimentSeeds.of(config.seed, id + "/search"));
                recovered = KeySearch.positionsRecovered(search.key(), m.keys().get(0));
                log.printf(Locale.ROOT, "    key search: %s; %.0f%% of key positions right (%d candidates, %d queries, %.1f s)%n", search.score(),
                        100 * recovered, search.evaluations(), search.targetQueries(), (System.nanoTime() - ts) / 1e9);
                for (double eps : config.budgets) {
                    add(outcomes, KeyedAttacks.estimatedKey("key_search", target, search, pgd(eps, ExperimentSeeds.of(config.seed, id + "/" + eps + "/ks"))),
                            adaptiveImages, adaptiveLabels);
                }
            }
            for (double eps : config.budgets) {
                String tag = id + "/" + eps;
                if (config.runs("eot_random_keys")) {
                    add(outcomes, KeyedAttacks.eotRandomKeys("eot_random_keys", target, pgd(eps, ExperimentSeeds.of(config.seed, tag + "/eotr")), config.eotPool,
                            config.eotSamples, ExperimentSeeds.of(config.seed, tag + "/pool")), adaptiveImages, adaptiveLabels);
                }
                if (config.runs("eot_own_keys") && target.isRandomized()) {
                    add(outcomes, KeyedAttacks.eotOwnKeys("eot_own_keys", target, pgd(eps, ExperimentSeeds.of(config.seed, tag + "/eoto")),
                            Math.max(config.eotSamples, target.keyCount())), adaptiveImages, adaptiveLabels);
                }
                if (config.runs("ffx_true_gradient") && m.kind() == TransformKind.FFX && m.keyed() instanceof KeyedClassifier k) {
                    AttackResult r = pgd(eps, ExperimentSeeds.of(config.seed, tag + "/ffx0")).on(FfxGradients.trueGradient(k)).run(adaptiveImages, adaptiveLabels);
                    outcomes.add(AttackOutcome.of("ffx_true_gradient", r, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.RIGHT_KEY, true, 0,
                            r.meanQueries())));
                }
            }
        }
        return new ModelResult(m, outcomes, search, recovered, (System.nanoTime() - t0) / 1e9);
    }

    /** The plain backbone has no key: the same attacks crafted on it directly (white box), and Square. */
    private void attackPlain(BuiltModel m, List<AttackOutcome> outcomes) {
        Classifier plain = m.classifier();
        AttackerKnowledge white = new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.NONE, true, 0, Double.NaN);
        List<CraftedTransfer> crafted = transfers.get(m.backbone());
        for (int b = 0; b < config.budgets.size(); b++) {
            double eps = config.budgets.get(b);
            String tag = m.id() + "/" + eps;
            if (crafted != null && (config.runs("white_box") || config.runs("pgd_wrong_key"))) {
                AttackOutcome own = crafted.get(b).evaluate(plain); // PGD crafted on the plain model: white box
                AttackOutcome wb = new AttackOutcome("white_box", own.description().replace("Transfer[", "").replaceAll("]$", ""), own.norm(),
                        own.epsilon(), own.robustAccuracy(), own.successRate(), white.withQueriesPerExample(config.pgdSteps), own.seconds());
                if (config.runs("white_box")) outcomes.add(wb);
                if (config.runs("pgd_wrong_key")) outcomes.add(rename(wb, "pgd_wrong_key"));
            }
            if (config.runs("apgd_wrong_key")) {
                AttackResult r = apgd(eps, ExperimentSeeds.of(config.seed, tag + "/apgd")).on(plain).run(adaptiveImages, adaptiveLabels);
                outcomes.add(AttackOutcome.of("apgd_wrong_key", r, white.withQueriesPerExample(r.meanQueries())));
            }
            if (config.runs("square")) {
                AttackResult r = square(eps, ExperimentSeeds.of(config.seed, tag + "/square")).on(plain).run(adaptiveImages, adaptiveLabels);
                outcomes.add(AttackOutcome.of("square", r, new AttackerKnowledge(WeightAccess.NONE, KeyKnowledge.NONE, false, 0, r.meanQueries())));
            }
        }
        if (config.runs("cw_wrong_key")) {
            Attack<?> a = cw(ExperimentSeeds.of(config.seed, m.id() + "/cw")).on(plain);
            AttackResult r = a.run(adaptiveImages, adaptiveLabels);
            double[] l2 = r.norms(adaptiveImages).l2();
            for (double budget : l2Budgets()) {
                outcomes.add(AttackOutcome.withinL2("cw_wrong_key", r, l2, budget, white.withQueriesPerExample(r.meanQueries())));
            }
        }
    }

    private static AttackOutcome rename(AttackOutcome o, String name) {
        return new AttackOutcome(name, o.description(), o.norm(), o.epsilon(), o.robustAccuracy(), o.successRate(), o.knowledge(), o.seconds());
    }

    private double[] l2Budgets() {
        return config.cwL2Budgets.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static void add(List<AttackOutcome> into, KeyedAttack attack, INDArray x, int[] y) {
        into.addAll(attack.run(x, y));
    }
}
