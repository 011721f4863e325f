package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.SanityWarning;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.keydefense.adaptive.KeySearchSummary;

import java.util.List;
import java.util.Optional;

/**
 * A model of the experiment with every attack outcome on it.
 *
 * @param keySearch          what the key search measured (null when not run); its estimated key is not kept
 * @param positionsRecovered fraction of key positions the search got right (NaN when not run; scored by the
 *                           experiment, which knows the key)
 * @param sanity             the attack suite's warnings about the model (randomized outputs, masked gradients)
 * @param attackSeconds      wall time of all attacks on this model
 */
public record ModelResult(BuiltModel model, List<AttackOutcome> outcomes, KeySearchSummary keySearch, double positionsRecovered,
                          List<SanityWarning> sanity, double attackSeconds) {

    /** The outcome of an attack at a budget (L-inf budgets, or L2 for CW), if it was run. */
    public Optional<AttackOutcome> outcome(String attack, double epsilon) {
        return outcomes.stream().filter(o -> o.attack().equals(attack) && Math.abs(o.epsilon() - epsilon) < 1e-12).findFirst();
    }

    /**
     * The lowest robust accuracy at an L-inf budget over the attacks whose attacker does not hold the key (on a
     * randomized model, the per-draw robust accuracy, which is never higher).
     */
    public Optional<AttackOutcome> worstWithoutKey(double epsilon) {
        return outcomes.stream()
                .filter(o -> o.norm() == Norm.LINF && Math.abs(o.epsilon() - epsilon) < 1e-12)
                .filter(o -> !KeyDefenseExperiment.KEY_HOLDER_ATTACKS.contains(o.attack()) || model.isPlain())
                .min(java.util.Comparator.comparingDouble(AttackOutcome::perDrawRobustAccuracy));
    }
}
