package dev.mamori.methods.robustness;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.attacks.Norm;

/**
 * The outcome of one attack at one budget over the whole evaluation set.
 *
 * @param attack          the spec's name
 * @param description     the attack's full name with its settings
 * @param norm            the budget's norm (null for an unbounded attack)
 * @param robustAccuracy  examples right before and after the attack (RobustBench convention), with a Wilson interval
 * @param successRate     among the examples right before the attack, the fraction the attack broke
 * @param meanLinf        mean L-inf norm of the successful perturbations (NaN when none succeeded)
 * @param meanL2          mean L2 norm of the successful perturbations (NaN when none succeeded)
 * @param meanQueries     model evaluations per attacked (correctly classified) example
 * @param meanIterations  iterations per attacked example
 * @param seconds         wall time of the attack over all batches
 */
public record AttackEvaluation(String attack, String description, Norm norm, double epsilon, boolean blackBox,
                               Proportion robustAccuracy, Proportion successRate, double meanLinf, double meanL2,
                               double meanQueries, double meanIterations, double seconds) {

    /** "Linf", "L2" or "-" for unbounded attacks. */
    public String normLabel() {
        return norm == null ? "-" : norm.label();
    }
}
