package dev.mamori.methods.attacks;

/**
 * Expectation over Transformation (Athalye et al. 2018): every input gradient an attack asks for is the average of
 * {@code samples} gradients of loss(model(t(x))), each with a transform t drawn from {@code sampler}; the loss and
 * the logits the attack sees are averaged the same way. Use it against randomized defenses
 * ({@link TransformSampler#identity()} averages over the model's own randomness) and against key-based defenses with
 * unknown keys (a sampler over the transforms of candidate keys). Each sample counts as one query.
 */
public record Eot(TransformSampler sampler, int samples) {
    public Eot {
        if (sampler == null) throw new IllegalArgumentException("EOT needs a transform sampler");
        if (samples < 1) throw new IllegalArgumentException("EOT samples must be >= 1, got " + samples);
    }

    /** EOT over a randomized model's own randomness: the same input {@code samples} times. */
    public static Eot repeat(int samples) {
        return new Eot(TransformSampler.identity(), samples);
    }

    public static Eot over(TransformSampler sampler, int samples) {
        return new Eot(sampler, samples);
    }
}
