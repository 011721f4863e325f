package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often an adversarial attack achieves its goal.
 * <ul>
 *   <li>Untargeted: among the examples the model classified correctly before the attack, the fraction whose
 *   prediction is no longer the true label afterwards. Examples that were already wrong are not counted at all
 *   (there was nothing to attack).</li>
 *   <li>Targeted: the fraction of adversarial examples classified as their target class.</li>
 * </ul>
 */
public final class AttackSuccessRate {
    private AttackSuccessRate() {}

    /**
     * @return successes = originally correct and now wrong; trials = originally correct (may be zero, then the
     *     rate is NaN)
     */
    public static Proportion untargeted(int[] cleanPredictions, int[] adversarialPredictions, int[] labels) {
        Labels.checkNotEmpty("labels", labels);
        Labels.checkSameLength("cleanPredictions", cleanPredictions, "labels", labels.length);
        Labels.checkSameLength("adversarialPredictions", adversarialPredictions, "labels", labels.length);
        long originallyCorrect = 0;
        long flipped = 0;
        for (int i = 0; i < labels.length; i++) {
            if (cleanPredictions[i] != labels[i]) continue;
            originallyCorrect++;
            if (adversarialPredictions[i] != labels[i]) flipped++;
        }
        return Proportion.of(flipped, originallyCorrect);
    }

    /** Untargeted success rate from clean and adversarial logits [N, C] (predictions are the argmax). */
    public static Proportion untargeted(INDArray cleanLogits, INDArray adversarialLogits, int[] labels) {
        Logits clean = Logits.of(cleanLogits);
        Logits adversarial = Logits.of(adversarialLogits);
        Labels.check("labels", labels, clean.numClasses());
        return untargeted(clean.argmax(), adversarial.argmax(), labels);
    }

    /** Fraction of adversarial predictions equal to the attack's target class. */
    public static Proportion targeted(int[] adversarialPredictions, int[] targets) {
        Labels.checkNotEmpty("targets", targets);
        Labels.checkSameLength("adversarialPredictions", adversarialPredictions, "targets", targets.length);
        long hits = 0;
        for (int i = 0; i < targets.length; i++) {
            if (adversarialPredictions[i] == targets[i]) hits++;
        }
        return Proportion.of(hits, targets.length);
    }

    public static Proportion targeted(INDArray adversarialLogits, int[] targets) {
        Logits adversarial = Logits.of(adversarialLogits);
        Labels.check("targets", targets, adversarial.numClasses());
        return targeted(adversarial.argmax(), targets);
    }
}
