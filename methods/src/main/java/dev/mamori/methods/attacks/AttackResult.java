package dev.mamori.methods.attacks;

import dev.mamori.eval.metrics.AttackSuccessRate;
import dev.mamori.eval.metrics.PerturbationNorms;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.RobustAccuracy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an attack produced for a batch: the adversarial images and, per example, the predictions before and after,
 * whether the attack reached its goal (untargeted: prediction != label; targeted: prediction == target), the
 * queries (model evaluations, gradient or not, including the first check of the clean input) and the iterations it
 * spent. Success is decided by a final evaluation of the adversarial images under {@link #judgeRule}: one forward
 * pass on a deterministic model; on a randomized one, every realization (all N keys of a multi-key model) or k draws,
 * and an example counts as broken only when all of them are fooled. The reported adversarial prediction then follows
 * the rule (an evaluation that was not fooled, when there is one), and {@link #perDrawRobustAccuracy()} gives the
 * accuracy a single deployed query would have.
 *
 * @param norm              the budget's norm, or null for an unbounded (minimum-norm) attack
 * @param epsilon           the budget, or NaN when unbounded
 * @param judgeRule         how success was decided, in words
 * @param judgeEvaluations  evaluations per example in the final verdict (1 on a deterministic model)
 * @param fooledEvaluations per example, how many of those evaluations reached the goal
 */
public record AttackResult(String attack, Norm norm, double epsilon, INDArray adversarial, int[] labels, int[] targets,
                           int[] cleanPredictions, int[] adversarialPredictions, boolean[] success, int[] queries,
                           int[] iterations, double seconds, String judgeRule, int judgeEvaluations, int[] fooledEvaluations) {

    public int size() {
        return labels.length;
    }

    public boolean targeted() {
        return targets != null;
    }

    public long successCount() {
        long c = 0;
        for (boolean s : success) if (s) c++;
        return c;
    }

    /**
     * Targeted: the fraction of examples classified as their target. Untargeted: among the examples classified
     * correctly before the attack, the fraction misclassified after it.
     */
    public Proportion successRate() {
        return targeted() ? AttackSuccessRate.targeted(adversarialPredictions, targets)
                : AttackSuccessRate.untargeted(cleanPredictions, adversarialPredictions, labels);
    }

    /** Examples right both before and after the attack (the RobustBench convention). */
    public Proportion robustAccuracy() {
        return RobustAccuracy.of(cleanPredictions, adversarialPredictions, labels);
    }

    /**
     * Robust accuracy as a single query sees it on a randomized model: per example right before the attack, the fraction
     * of the verdict's evaluations not fooled, averaged over all examples (equal to {@link #robustAccuracy()} on a
     * deterministic model; never above it).
     */
    public double perDrawRobustAccuracy() {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            if (cleanPredictions[i] != labels[i]) continue;
            sum += 1.0 - (double) fooledEvaluations[i] / judgeEvaluations;
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    /** Whether the model was judged over several evaluations (randomized). */
    public boolean randomizedModel() {
        return judgeEvaluations > 1;
    }

    public Proportion cleanAccuracy() {
        long right = 0;
        for (int i = 0; i < labels.length; i++) if (cleanPredictions[i] == labels[i]) right++;
        return Proportion.of(right, labels.length);
    }

    /** Per-example Linf, L2 and L0 size of {@code adversarial - clean}. */
    public PerturbationNorms norms(INDArray clean) {
        return PerturbationNorms.between(clean, adversarial);
    }

    public double meanQueries() {
        long s = 0;
        for (int q : queries) s += q;
        return labels.length == 0 ? Double.NaN : (double) s / labels.length;
    }

    public double meanIterations() {
        long s = 0;
        for (int q : iterations) s += q;
        return labels.length == 0 ? Double.NaN : (double) s / labels.length;
    }

    @Override
    public String toString() {
        return String.format("%s: %d/%d successful (%s), robust accuracy %s, %.1f queries/example, %.2f s", attack,
                successCount(), size(), successRate(), robustAccuracy(), meanQueries(), seconds);
    }
}
