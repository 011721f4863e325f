package dev.mamori.methods.keydefense.adaptive;

import java.util.List;

/**
 * What a key search measured, without its estimated key: the part of a {@link KeySearch.Result} that reports, claims
 * and a run's journal keep. The estimate approximates the secret key (a search that recovers every position IS the
 * key), so it lives only as long as the attack that uses it and is never written anywhere.
 *
 * @param method           e.g. "random+climb", "exhaustive"
 * @param score            the estimate's agreement with the deployed model's answers
 * @param targetQueries    queries to the deployed model (the query batch)
 * @param evaluations      candidate keys scored offline
 * @param accepted         every improvement in order
 * @param seconds          wall time of the search
 * @param searchedFraction fraction of the key space scored
 */
public record KeySearchSummary(String method, KeySearch.Score score, long targetQueries, int evaluations, List<KeySearch.Step> accepted,
                               double seconds, double searchedFraction) {
    public KeySearchSummary {
        accepted = List.copyOf(accepted);
    }

    /** Query images on which the attacker's copy with the estimate gives the deployed model's answer. */
    public double agreement() {
        return score.agreement();
    }
}
