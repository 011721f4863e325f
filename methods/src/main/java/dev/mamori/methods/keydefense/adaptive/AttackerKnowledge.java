package dev.mamori.methods.keydefense.adaptive;

import java.util.Locale;

/**
 * What an attack on a keyed model assumes the attacker has, so that a robustness number is never read without its
 * threat model.
 *
 * @param weights            the weights the attacker computes with
 * @param key                what the attacker knows of the secret key(s)
 * @param gradients          whether the attack uses gradients (of the attacker's own copy or of the deployed model)
 * @param oneOffQueries      queries to the deployed model made once for the whole attack (key search), not per example
 * @param queriesPerExample  queries to the deployed model per attacked example (score-based attacks, white-box attacks on
 *                           the deployed model), NaN when it is only known after the run; checking success is not counted
 */
public record AttackerKnowledge(WeightAccess weights, KeyKnowledge key, boolean gradients, long oneOffQueries, double queriesPerExample) {
    public AttackerKnowledge {
        if (weights == null || key == null) throw new IllegalArgumentException("attacker knowledge needs weights and key");
        if (oneOffQueries < 0) throw new IllegalArgumentException("one-off queries must be >= 0, got " + oneOffQueries);
    }

    /** A transfer: crafted on the attacker's own copy, the deployed model is not queried. */
    public static AttackerKnowledge offline(WeightAccess weights, KeyKnowledge key) {
        return new AttackerKnowledge(weights, key, true, 0, 0);
    }

    /** The same with the per-example queries of a finished run. */
    public AttackerKnowledge withQueriesPerExample(double q) {
        return new AttackerKnowledge(weights, key, gradients, oneOffQueries, q);
    }

    /** The same with additional one-off queries (e.g. those a key search spent before the attack). */
    public AttackerKnowledge plusOneOffQueries(long q) {
        return new AttackerKnowledge(weights, key, gradients, oneOffQueries + q, queriesPerExample);
    }

    /** e.g. "the target's weights; a wrong key (guess); gradients; 0 queries to the deployed model". */
    public String describe() {
        StringBuilder s = new StringBuilder(weights.description()).append("; ").append(key.description()).append("; ")
                .append(gradients ? "gradients" : "no gradients").append("; ");
        if (oneOffQueries == 0 && (queriesPerExample == 0)) return s.append("0 queries to the deployed model").toString();
        if (oneOffQueries > 0) s.append(oneOffQueries).append(" queries (once)");
        if (oneOffQueries > 0 && queriesPerExample != 0) s.append(" + ");
        if (Double.isNaN(queriesPerExample)) s.append("queries per example counted by the run");
        else if (queriesPerExample != 0) s.append(String.format(Locale.ROOT, "%.1f queries per example", queriesPerExample));
        return s.append(" to the deployed model").toString();
    }
}
