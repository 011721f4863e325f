package dev.mamori.methods.accesscontrol.experiment;

import dev.mamori.eval.detection.CocoSummary;

import java.util.List;
import java.util.Optional;

/**
 * Everything trained with one seed: the unprotected detector, the attacker's from-scratch reference and every
 * protected detector.
 *
 * @param plain           the unprotected detector on the whole test set
 * @param plainSubset     the same on the wrong-key images
 * @param attackerScratch a fresh detector trained on the attacker's share alone (null: not run)
 */
public record SeedResult(long seed, CocoSummary plain, CocoSummary plainSubset, CocoSummary attackerScratch, double plainSeconds,
                         List<SchemeResult> schemes) {
    public SeedResult {
        schemes = List.copyOf(schemes);
    }

    public Optional<SchemeResult> scheme(String id) {
        return schemes.stream().filter(s -> s.scheme().id().equals(id)).findFirst();
    }
}
