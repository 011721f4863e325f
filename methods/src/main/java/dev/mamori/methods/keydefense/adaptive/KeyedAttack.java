package dev.mamori.methods.keydefense.adaptive;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * An attack on a keyed model, ready to run on evaluation images: it crafts adversarial examples with whatever the
 * attacker has ({@link AttackerKnowledge}) and judges them on the deployed model. Most produce one outcome; an attack
 * evaluated at several budgets from one run (a minimum-norm attack) produces one per budget. Build them with
 * {@link KeyedAttacks}.
 */
public interface KeyedAttack {
    /** The label in tables, e.g. "pgd_wrong_key". */
    String name();

    /** What the attacker has (per-example queries are filled in by the outcomes). */
    AttackerKnowledge knowledge();

    /** Crafts and judges; images are [N, C, H, W] in [0, 1]. */
    List<AttackOutcome> run(INDArray images, int[] labels);
}
