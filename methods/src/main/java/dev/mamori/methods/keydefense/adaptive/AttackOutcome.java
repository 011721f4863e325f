package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.Norm;

/**
 * One attack on one keyed model at one budget, judged on the deployed model.
 *
 * @param attack          the label in tables (e.g. "pgd_wrong_key")
 * @param description     the suite attack's full name with its settings
 * @param norm            the budget's norm
 * @param epsilon         the budget
 * @param robustAccuracy  examples classified right by the deployed model before and after the attack
 * @param successRate     among those right before, the fraction the attack broke
 * @param knowledge       what the attacker had; per-example queries filled in from the run where the attack queried
 *                        the deployed model
 * @param seconds         wall time (crafting included, a shared crafting counted where it was done)
 */
public record AttackOutcome(String attack, String description, Norm norm, double epsilon, Proportion robustAccuracy, Proportion successRate,
                            AttackerKnowledge knowledge, double seconds) {

    /** The outcome of a suite attack's result, at the attack's own budget. */
    public static AttackOutcome of(String attack, AttackResult r, AttackerKnowledge knowledge) {
        return new AttackOutcome(attack, r.attack(), r.norm(), r.epsilon(), r.robustAccuracy(), r.successRate(), knowledge, r.seconds());
    }

    /**
     * The outcome of a minimum-norm attack's result at an L2 budget: an example counts as broken only when its
     * perturbation is within {@code budget} (L2) and the deployed model misclassifies it.
     */
    public static AttackOutcome withinL2(String attack, AttackResult r, double[] l2Norms, double budget, AttackerKnowledge knowledge) {
        int n = r.size();
        long right = 0, robust = 0, broken = 0;
        for (int i = 0; i < n; i++) {
            boolean rightBefore = r.cleanPredictions()[i] == r.labels()[i];
            if (!rightBefore) continue;
            right++;
            boolean brokenHere = r.adversarialPredictions()[i] != r.labels()[i] && l2Norms[i] <= budget + 1e-6;
            if (brokenHere) broken++;
            else robust++;
        }
        return new AttackOutcome(attack, r.attack() + " within L2 " + budget, Norm.L2, budget, Proportion.of(robust, n),
                Proportion.of(broken, right), knowledge, r.seconds());
    }
}
