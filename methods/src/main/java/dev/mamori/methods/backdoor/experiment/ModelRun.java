package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.backdoor.triggers.TriggerVisibility;

/**
 * One backdoored model of the grid and what it does before any defense.
 *
 * @param trigger      the trigger's description
 * @param epochs       the attacker's training epochs on this dataset
 * @param visibility   how much the trigger changes the attacker's training images (an invisible trigger cannot implant)
 * @param poisoned     training images carrying the trigger (and noise-mode images, for WaNet)
 * @param trainSeconds the attacker's training (and trigger optimization) time
 * @param floor        the clean-model floor: the scores on the same evaluation and triggered images of the same model
 *                     trained with the same seed on the same images without poison; null when not measured
 */
public record ModelRun(String dataset, String model, String attack, int seed, String trigger, int epochs, TriggerVisibility visibility, String poisonSpec,
                       int poisoned, int noise, Scores scores, double trainSeconds, Scores floor) {

    /** Whether the attack took: at least half of the triggered non-target images go to the target. */
    public boolean implanted() {
        return scores.asr() >= 0.5;
    }
}
