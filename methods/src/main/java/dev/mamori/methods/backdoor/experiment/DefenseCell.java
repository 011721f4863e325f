package dev.mamori.methods.backdoor.experiment;

import dev.mamori.eval.metrics.DefenseEffectivenessRate;

import java.util.Map;

/**
 * One defense on one backdoored model with one sample size, at one stage (baselines: "final"; ours: "edited" and
 * "repaired").
 *
 * @param before  the backdoored model's scores
 * @param after   the defended model's scores
 * @param seconds the defense's wall-clock seconds (ours unknown and Neural Cleanse unlearning include the trigger
 *                reverse-engineering)
 * @param details what the defense chose and measured on its samples
 */
public record DefenseCell(String dataset, String model, String attack, int seed, String defense, int samples, String stage, Scores before,
                          Scores after, double seconds, Map<String, Object> details) {

    /** BackdoorBench's defense effectiveness rate. */
    public double der() {
        return DefenseEffectivenessRate.of(before.ca(), before.asr(), after.ca(), after.asr());
    }

    /** Clean accuracy change in points (negative: lost). */
    public double cleanDeltaPoints() {
        return 100 * (after.ca() - before.ca());
    }

    /** The row label of the defense and stage ("ours_known (edited)", "finetune"). */
    public String label() {
        return stage.equals("final") ? defense : defense + " (" + stage + ")";
    }
}
