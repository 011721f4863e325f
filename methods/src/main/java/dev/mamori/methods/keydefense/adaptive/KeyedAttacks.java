package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.Eot;
import dev.mamori.methods.attacks.TransferAttack;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The arsenal against keyed models, built from the attack suite (no attack is reimplemented here): each factory
 * method pairs a suite attack with the model the attacker can compute on and says what the attacker knows.
 * <pre>{@code
 * KeyedTarget t = KeyedTarget.of(keyedModel);
 * KeyedAttacks.AttackFactory pgd = m -> Pgd.linf(m, 8 / 255.0).steps(10);
 * KeyedAttacks.wrongKey("pgd_wrong_key", t, pgd, 7).run(images, labels);          // non-adaptive
 * KeySearch.Result k = KeySearch.against(t, queryImages).randomThenClimb(SHUFFLE, 4, 1, 32, 200, 1);
 * KeyedAttacks.estimatedKey("pgd_estimated_key", t, k, pgd).run(images, labels);  // adaptive
 * }</pre>
 *
 * <p>Non-adaptive: {@link #wrongKey} (the target's weights with a guessed key, transferred), {@link #transfer} (from
 * any surrogate, e.g. the public backbone), {@link #blackBox} (a score-based attack on the deployed model, which needs
 * no key). Adaptive: {@link #estimatedKey} (the weights with a key found by {@link KeySearch}; for shuffling and
 * negative/positive this is the inverse-transform attack, since T_k is then undone exactly), {@link #eotRandomKeys},
 * {@link #eotOwnKeys} (randomized multi-key models), {@link #oneSlot}. Reference: {@link #whiteBox} (the key leaked;
 * through FFX by BPDA).
 */
public final class KeyedAttacks {
    private KeyedAttacks() {}

    /** A suite attack on a given model (e.g. {@code m -> Pgd.linf(m, eps).steps(10)}); called once per run. */
    @FunctionalInterface
    public interface AttackFactory {
        Attack<?> on(Classifier model);
    }

    /**
     * Non-adaptive: crafted on the target's weights with one wrong key guessed from {@code guessSeed} (for a multi-key
     * target, N wrong keys, randomized like the target), transferred to the deployed model.
     */
    public static KeyedAttack wrongKey(String name, KeyedTarget target, AttackFactory attack, long guessSeed) {
        Classifier surrogate = target.withKeys(target.guessKeys(guessSeed), guessSeed ^ 0x3C6EF372FE94F82BL);
        return transfer(name, surrogate, target.deployed(), attack, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.WRONG_GUESS,
                true, 0, 0));
    }

    /** Crafted on {@code surrogate} at full strength, judged on {@code target} (which is not queried while crafting). */
    public static KeyedAttack transfer(String name, Classifier surrogate, Classifier target, AttackFactory attack, AttackerKnowledge knowledge) {
        Attack<?> onSurrogate = attack.on(surrogate);
        AttackerKnowledge k = onSurrogate.isBlackBox() ? new AttackerKnowledge(knowledge.weights(), knowledge.key(), false,
                knowledge.oneOffQueries(), knowledge.queriesPerExample()) : knowledge;
        return new Run(name, k, false) {
            @Override
            Attack<?> build() {
                return new TransferAttack(onSurrogate, target).seed(onSurrogate.seed());
            }
        };
    }

    /** Non-adaptive black box: a score-based attack (e.g. Square) querying the deployed model; no weights, no key. */
    public static KeyedAttack blackBox(String name, KeyedTarget target, AttackFactory attack) {
        return new Run(name, new AttackerKnowledge(WeightAccess.NONE, KeyKnowledge.NONE, false, 0, Double.NaN), true) {
            @Override
            Attack<?> build() {
                Attack<?> a = attack.on(target.deployed());
                if (!a.isBlackBox()) throw new IllegalArgumentException(name + ": " + a.name() + " uses gradients; a black-box attack was expected");
                return a;
            }
        };
    }

    /**
     * Reference: the key leaked, a white-box attack on the deployed model itself (every slot's transform on the tape;
     * FFX through its BPDA identity gradient, as the keyed model computes it; for a one-slot FFX model explicitly via
     * {@link FfxGradients#bpda}). On a randomized multi-key model this is a single-sample attack (no EOT).
     */
    public static KeyedAttack whiteBox(String name, KeyedTarget target, AttackFactory attack) {
        return new Run(name, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.RIGHT_KEY, true, 0, Double.NaN), true) {
            @Override
            Attack<?> build() {
                Classifier m = target.deployed();
                if (m instanceof KeyedClassifier k && !k.transform().isDifferentiable()) m = FfxGradients.bpda(k);
                return attack.on(m);
            }
        };
    }

    /**
     * Adaptive: the target's weights with a key estimated by {@link KeySearch} (for shuffling and negative/positive, the
     * attacker thereby inverts the transform as far as the estimate is right), transferred to the deployed model. The
     * search's queries are counted once.
     */
    public static KeyedAttack estimatedKey(String name, KeyedTarget target, KeySearch.Result estimate, AttackFactory attack) {
        Classifier surrogate = target.withKey(estimate.key());
        return transfer(name, surrogate, target.deployed(), attack, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.ESTIMATED,
                true, estimate.targetQueries(), 0));
    }

    /**
     * Adaptive: EOT over random keys. The attacker does not know the key: every gradient is averaged over {@code samples}
     * calls of a pool of {@code poolSize} copies of the target's weights with random keys ({@link RandomKeyModel}), each
     * call answered by a random member; the result is transferred to the deployed model.
     */
    public static KeyedAttack eotRandomKeys(String name, KeyedTarget target, AttackFactory attack, int poolSize, int samples, long seed) {
        RandomKeyModel pool = RandomKeyModel.pool(target, poolSize, seed);
        AttackFactory withEot = m -> {
            Attack<?> a = attack.on(m);
            a.eot(Eot.repeat(samples));
            return a;
        };
        return transfer(name, pool, target.deployed(), withEot, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.RANDOM_KEYS, true, 0, 0));
    }

    /**
     * Adaptive, for a randomized multi-key model: the attacker knows all N keys but not which one answers a query, and
     * averages every gradient exactly over the N keys (EOT over all realizations of the deployed model, N evaluations
     * per gradient); success counts only when every key is fooled.
     */
    public static KeyedAttack eotOwnKeys(String name, KeyedTarget target, AttackFactory attack) {
        if (!target.isRandomized()) throw new IllegalArgumentException(name + ": EOT over the model's own keys needs a randomized multi-key target");
        return new Run(name, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.ALL_SLOT_KEYS, true, 0, Double.NaN), true) {
            @Override
            Attack<?> build() {
                Attack<?> a = attack.on(target.deployed());
                a.eot(Eot.allRealizations());
                return a;
            }
        };
    }

    /**
     * A multi-key model attacked through one of its slots only (the attacker knows the keys and crafts on slot
     * {@code slot} as a plain keyed model), judged on the randomized deployed model: the single-key attack EOT is
     * compared with.
     */
    public static KeyedAttack oneSlot(String name, KeyedTarget target, int slot, AttackFactory attack) {
        if (!(target.model() instanceof MultiKeyClassifier)) throw new IllegalArgumentException(name + ": one-slot attacks need a multi-key target");
        List<TransformChain> real = target.model().keySlots();
        MultiKeyClassifier surrogate = (MultiKeyClassifier) target.withKeys(new ArrayList<>(real), 0);
        surrogate.useKey(slot);
        return transfer(name, surrogate, target.deployed(), attack, new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.ALL_SLOT_KEYS,
                true, 0, 0));
    }

    /** Runs one suite attack and reports it with the knowledge (per-example queries from the run when they are queries to the deployed model). */
    private abstract static class Run implements KeyedAttack {
        private final String name;
        private final AttackerKnowledge knowledge;
        private final boolean queriesDeployed;

        Run(String name, AttackerKnowledge knowledge, boolean queriesDeployed) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("an attack needs a name");
            this.name = name;
            this.knowledge = knowledge;
            this.queriesDeployed = queriesDeployed;
        }

        abstract Attack<?> build();

        @Override
        public String name() {
            return name;
        }

        @Override
        public AttackerKnowledge knowledge() {
            return knowledge;
        }

        @Override
        public List<AttackOutcome> run(INDArray images, int[] labels) {
            Attack<?> attack = build();
            AttackResult r = attack.run(images, labels);
            AttackerKnowledge k = queriesDeployed ? knowledge.withQueriesPerExample(r.meanQueries()) : knowledge;
            return List.of(AttackOutcome.of(name, r, k));
        }
    }

    /**
     * A minimum-norm L2 attack (CW) run once and judged at several L2 budgets: an example counts as broken at budget b
     * when the deployed model misclassifies it and its perturbation is at most b. Wraps a transfer or white-box
     * {@link KeyedAttack} built by the other factories, whose attack must be bounded by the largest budget or unbounded.
     */
    public static KeyedAttack withinL2Budgets(KeyedAttack inner, double... budgets) {
        if (!(inner instanceof Run run)) throw new IllegalArgumentException("withinL2Budgets wraps an attack built by KeyedAttacks");
        if (budgets.length == 0) throw new IllegalArgumentException(inner.name() + ": no L2 budgets");
        double[] b = budgets.clone();
        return new KeyedAttack() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public AttackerKnowledge knowledge() {
                return run.knowledge;
            }

            @Override
            public List<AttackOutcome> run(INDArray images, int[] labels) {
                Attack<?> attack = run.build();
                AttackResult r = attack.run(images, labels);
                AttackerKnowledge k = run.queriesDeployed ? run.knowledge.withQueriesPerExample(r.meanQueries()) : run.knowledge;
                double[] l2 = r.norms(images).l2();
                List<AttackOutcome> out = new ArrayList<>();
                for (double budget : b) out.add(AttackOutcome.withinL2(inner.name(), r, l2, budget, k));
                return out;
            }
        };
    }
}
