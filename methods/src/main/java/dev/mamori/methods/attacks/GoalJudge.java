package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.Locale;

/**
 * Decides whether an input reaches an attack's goal on the model under attack, so that early stopping and the final
 * verdict never trust one random draw (Athalye et al. 2018, Sec. 4.1; AutoAttack's "rand" version). Three rules:
 * <ul>
 *   <li>a deterministic model: one call;</li>
 *   <li>a {@link RandomizedModel} (N known realizations, e.g. a multi-key model's keys): the goal is reached only when
 *       every one of the N realizations reaches it;</li>
 *   <li>any other randomized model: only when each of {@code k} independent calls (draws) reaches it.</li>
 * </ul>
 * Every evaluation is a query to the model and is counted as one.
 */
final class GoalJudge {
    private final AttackedModel model;
    private final RandomizedModel realizations;
    private final int draws;

    private GoalJudge(AttackedModel model, RandomizedModel realizations, int draws) {
        this.model = model;
        this.realizations = realizations;
        this.draws = draws;
    }

    /** The judge of a model: by its realizations when it has them and is randomized, else by {@code draws} calls. */
    static GoalJudge of(AttackedModel model, int draws) {
        if (draws < 1) throw new IllegalArgumentException("a goal judge needs at least one draw, got " + draws);
        if (model.classifier() instanceof RandomizedModel r && r.isRandomized()) return new GoalJudge(model, r, 0);
        return new GoalJudge(model, null, draws);
    }

    /** Whether one call is not enough (the model is randomized). */
    boolean isRandomized() {
        return realizations != null || draws > 1;
    }

    /** How many evaluations one judgement takes (N realizations or k draws). */
    int evaluations() {
        return realizations != null ? realizations.realizations() : draws;
    }

    /** The rule in words, for reports: "one call", "all 3 realizations", "10 of 10 draws". */
    String rule() {
        if (realizations != null) return String.format(Locale.ROOT, "broken only when all %d realizations (keys) are fooled", realizations.realizations());
        if (draws > 1) return String.format(Locale.ROOT, "broken only when %d of %d draws are fooled", draws, draws);
        return "one call (deterministic model)";
    }

    /** N when the model's realizations are known (a {@link RandomizedModel}), 0 otherwise. */
    int realizations() {
        return realizations == null ? 0 : realizations.realizations();
    }

    /** Logits [n, classes] of realization {@code index} at n images. */
    float[] realization(int index, float[] images, int n) {
        if (realizations == null) throw new IllegalStateException("the model's realizations are not known");
        return model.realizationLogits(realizations, index, images, n);
    }

    /** Logits [evaluation][n * classes] of n images: one array per realization or per draw. */
    float[][] logits(float[] images, int n) {
        int e = evaluations();
        float[][] out = new float[e][];
        if (realizations == null) {
            for (int k = 0; k < e; k++) out[k] = model.logits(images, n);
            return out;
        }
        for (int k = 0; k < e; k++) out[k] = model.realizationLogits(realizations, k, images, n);
        return out;
    }

    Classifier classifier() {
        return model.classifier();
    }
}
