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
 * @param perDrawRobustAccuracy on a randomized model, the robust accuracy a single query sees (the mean over the
 *                        verdict's realizations or draws; {@link AttackResult#perDrawRobustAccuracy()}); else equal to
 *                        robustAccuracy
 * @param judgeRule       how success was decided ({@link AttackResult#judgeRule()})
 */
public record AttackOutcome(String attack, String description, Norm norm, double epsilon, Proportion robustAccuracy, Proportion successRate,
                            AttackerKnowledge knowledge, double seconds, double perDrawRobustAccuracy, String judgeRule) {

    /** An outcome on a deterministic model (one call decides). */
    public AttackOutcome(String attack, String description, Norm norm, double epsilon, Proportion robustAccuracy, Proportion successRate,
                         AttackerKnowledge knowledge, double seconds) {
        this(attack, description, norm, epsilon, robustAccuracy, successRate, knowledge, seconds, robustAccuracy.value(), "one call");
    }

    /** The outcome of a suite attack's result, at the attack's own budget. */
    public static AttackOutcome of(String attack, AttackResult r, AttackerKnowledge knowledge) {
        return new AttackOutcome(attack, r.attack(), r.norm(), r.epsilon(), r.robustAccuracy(), r.successRate(), knowledge, r.seconds(),
                r.perDrawRobustAccuracy(), r.judgeRule());
    }

    /** The same outcome under another attack label. */
    public AttackOutcome named(String label) {
        return new AttackOutcome(label, description, norm, epsilon, robustAccuracy, successRate, knowledge, seconds, perDrawRobustAccuracy, judgeRule);
    }

    /** The same outcome with other attacker knowledge. */
    public AttackOutcome withKnowledge(AttackerKnowledge k) {
        return new AttackOutcome(attack, description, norm, epsilon, robustAccuracy, successRate, k, seconds, perDrawRobustAccuracy, judgeRule);
    }

    /**
     * The outcome of a minimum-norm attack's result at an L2 budget: an example counts as broken only when its
     * perturbation is within {@code budget} (L2) and the deployed model misclassifies it (under the result's judge rule).
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
        double perDraw = 0;
        for (int i = 0; i < n; i++) {
            if (r.cleanPredictions()[i] != r.labels()[i]) continue;
            boolean within = l2Norms[i] <= budget + 1e-6;
            perDraw += within ? 1.0 - (double) r.fooledEvaluations()[i] / r.judgeEvaluations() : 1.0;
        }
        return new AttackOutcome(attack, r.attack() + " within L2 " + budget, Norm.L2, budget, Proportion.of(robust, n),
                Proportion.of(broken, right), knowledge, r.seconds(), n == 0 ? Double.NaN : perDraw / n, r.judgeRule());
    }
}
