package dev.mamori.methods.backdoor.experiment;

/**
 * One backdoored model of the grid and what it does before any defense.
 *
 * @param trigger      the trigger's description
 * @param poisoned     training images carrying the trigger (and noise-mode images, for WaNet)
 * @param trainSeconds the attacker's training (and trigger optimization) time
 */
public record ModelRun(String dataset, String model, String attack, int seed, String trigger, String poisonSpec, int poisoned, int noise,
                       Scores scores, double trainSeconds) {

    /** Whether the attack took: at least half of the triggered non-target images go to the target. */
    public boolean implanted() {
        return scores.asr() >= 0.5;
    }
}
