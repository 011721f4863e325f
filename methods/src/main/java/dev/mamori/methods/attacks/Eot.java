package dev.mamori.methods.attacks;

/**
 * Expectation over Transformation (Athalye et al. 2018): every input gradient an attack asks for is the average of
 * {@code samples} gradients of loss(model(t(x))), each with a transform t drawn from {@code sampler}; the loss and
 * the logits the attack sees are averaged the same way. Use it against randomized defenses
 * ({@link TransformSampler#identity()} averages over the model's own randomness) and against key-based defenses with
 * unknown keys (a sampler over the transforms of candidate keys). Each sample counts as one query.
 *
 * <p>{@link #allRealizations()} is the exact expectation over a {@link RandomizedModel}'s N realizations (e.g. an
 * attacker who knows all N keys of a multi-key model): each gradient is the average over every realization once, not
 * over random draws.
 *
 * @param samples          model evaluations per gradient (ignored, and N, for {@link #allRealizations()})
 * @param overRealizations whether the average runs over the model's realizations exactly
 */
public record Eot(TransformSampler sampler, int samples, boolean overRealizations) {
    public Eot {
        if (sampler == null) throw new IllegalArgumentException("EOT needs a transform sampler");
        if (!overRealizations && samples < 1) throw new IllegalArgumentException("EOT samples must be >= 1, got " + samples);
    }

    /** EOT over a randomized model's own randomness: the same input {@code samples} times. */
    public static Eot repeat(int samples) {
        return new Eot(TransformSampler.identity(), samples, false);
    }

    public static Eot over(TransformSampler sampler, int samples) {
        return new Eot(sampler, samples, false);
    }

    /** The exact average over every realization of a {@link RandomizedModel} (the attack's model must be one). */
    public static Eot allRealizations() {
        return new Eot(TransformSampler.identity(), 0, true);
    }

    /** e.g. "EOT over 20 samples" or "EOT over all realizations". */
    public String describe() {
        return overRealizations ? "EOT over all realizations" : "EOT over " + samples + " samples";
    }
}
