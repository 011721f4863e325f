package dev.mamori.methods.accesscontrol.experiment;

import dev.mamori.eval.detection.CocoSummary;
import dev.mamori.eval.metrics.Summary;
import dev.mamori.methods.accesscontrol.ProtectionScheme;

import java.util.List;

/**
 * One protected detector (one scheme, one training seed) under every condition.
 *
 * @param keyFingerprint         the owner's key (fingerprint only)
 * @param rightKey               with the owner's key, on the whole test set
 * @param rightKeySubset         with the owner's key, on the wrong-key images (the like-for-like reference of wrongKeyAp)
 * @param noKey                  without any key (the transform left out), whole test set
 * @param wrongKeyAp             AP@[.5:.95] with each wrong key, on the wrong-key images
 * @param wrongKeyAp50           AP@0.5 with each wrong key
 * @param attacker               the fine-tuning attacker's model with the attacker's own key, whole test set (null: not run)
 * @param attackerKeyFingerprint the attacker's key (fingerprint only)
 * @param trainSeconds           training time of the protected model
 */
public record SchemeResult(ProtectionScheme scheme, long seed, String keyFingerprint, CocoSummary rightKey, CocoSummary rightKeySubset,
                           CocoSummary noKey, List<Double> wrongKeyAp, List<Double> wrongKeyAp50, CocoSummary attacker,
                           String attackerKeyFingerprint, double trainSeconds) {
    public SchemeResult {
        wrongKeyAp = List.copyOf(wrongKeyAp);
        wrongKeyAp50 = List.copyOf(wrongKeyAp50);
    }

    /** Mean, spread and range of the wrong keys' AP@[.5:.95]; null when no wrong key was tried. */
    public Summary wrongKeys() {
        return wrongKeyAp.isEmpty() ? null : Summary.of(wrongKeyAp);
    }
}
