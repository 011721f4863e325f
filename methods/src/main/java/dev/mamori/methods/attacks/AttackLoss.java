package dev.mamori.methods.attacks;

/**
 * A per-example objective on logits that an attack maximizes, with its gradient with respect to the logits. The
 * gradient with respect to the input is then one vector-Jacobian product through the model, so losses cost no tape
 * operations and every example keeps its own gradient (the sum over the batch, as AutoAttack does).
 *
 * <p>{@code targets} is null for untargeted use; losses that have a targeted form use it when given.
 */
public interface AttackLoss {

    /** A short name for reports ("ce", "dlr", "margin"). */
    String name();

    /**
     * @param logits  row-major [n, classes]
     * @param labels  true labels, length n
     * @param targets target classes (length n) or null
     * @param loss    out: the loss of each example (higher = closer to the attack's goal)
     * @param grad    out: d loss_i / d logits_i, row-major [n, classes]
     */
    void evaluate(float[] logits, int n, int classes, int[] labels, int[] targets, double[] loss, float[] grad);

    /** Whether this loss can only be used with target classes. */
    default boolean requiresTargets() {
        return false;
    }
}
