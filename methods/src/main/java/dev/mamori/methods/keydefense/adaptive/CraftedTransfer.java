package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.PrecomputedAttack;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adversarial examples crafted once on a surrogate (the public backbone) and then judged on any number of targets:
 * the transfer attack from the public backbone costs one crafting for all the keyed models derived from it. The
 * surrogate attack runs at full strength (no early stop), as {@link dev.mamori.methods.attacks.TransferAttack} does.
 */
public final class CraftedTransfer {
    private final String name;
    private final String description;
    private final Norm norm;
    private final double epsilon;
    private final INDArray clean;
    private final INDArray adversarial;
    private final int[] labels;
    private final AttackerKnowledge knowledge;
    private final double craftSeconds;

    private CraftedTransfer(String name, AttackResult crafted, INDArray clean, AttackerKnowledge knowledge) {
        this.name = name;
        this.description = "Transfer[" + crafted.attack() + "]";
        this.norm = crafted.norm();
        this.epsilon = crafted.epsilon();
        this.clean = clean;
        this.adversarial = crafted.adversarial();
        this.labels = crafted.labels().clone();
        this.knowledge = knowledge;
        this.craftSeconds = crafted.seconds();
    }

    /** Crafts with {@code onSurrogate} (its model is the surrogate) on the evaluation images. */
    public static CraftedTransfer craft(String name, Attack<?> onSurrogate, INDArray images, int[] labels, AttackerKnowledge knowledge) {
        boolean early = onSurrogate.earlyStop();
        AttackResult r;
        onSurrogate.earlyStop(false);
        try {
            r = onSurrogate.run(images, labels);
        } finally {
            onSurrogate.earlyStop(early);
        }
        return new CraftedTransfer(name, r, images, knowledge);
    }

    public String name() {
        return name;
    }

    public INDArray adversarial() {
        return adversarial;
    }

    public double craftSeconds() {
        return craftSeconds;
    }

    /**
     * Judges the crafted examples on {@code target} ({@link PrecomputedAttack}: clean predictions, then success under the
     * attack suite's rule, on every key of a randomized target).
     */
    public AttackOutcome evaluate(Classifier target) {
        AttackResult r = new PrecomputedAttack(target, adversarial, description, norm, epsilon).run(clean, labels);
        return AttackOutcome.of(name, r, knowledge);
    }
}
