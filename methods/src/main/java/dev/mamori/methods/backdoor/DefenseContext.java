package dev.mamori.methods.backdoor;

import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.methods.backdoor.triggers.Trigger;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a defense may know: the clean samples, the trigger itself when the setting is "trigger known", and the trigger
 * that Neural Cleanse reverse-engineers from the samples (computed on first use and shared by the defenses of one
 * model and sample set, since ours in the trigger-unknown setting and Neural Cleanse's own unlearning both start from
 * it; each reports its seconds).
 */
public final class DefenseContext {
    private final DefenseSamples samples;
    private final Trigger knownTrigger;
    private final Supplier<NeuralCleanse.Reconstruction> reconstruction;
    private final Supplier<NeuralCleanse.Reconstruction> blendReconstruction;
    private NeuralCleanse.Reconstruction cached, cachedBlend;

    /**
     * @param knownTrigger   the attack's trigger for the trigger-known setting; null when the defender does not have it
     * @param reconstruction computes the reverse-engineered trigger (called at most once)
     */
    public DefenseContext(DefenseSamples samples, Trigger knownTrigger, Supplier<NeuralCleanse.Reconstruction> reconstruction) {
        this(samples, knownTrigger, reconstruction, null);
    }

    /**
     * @param blendReconstruction computes a second, blend-like reverse-engineered trigger (Neural Cleanse with a
     *                            full-image mask, {@link NeuralCleanse.MaskShape#FULL_IMAGE}); null when the run does not
     *                            use one
     */
    public DefenseContext(DefenseSamples samples, Trigger knownTrigger, Supplier<NeuralCleanse.Reconstruction> reconstruction,
                          Supplier<NeuralCleanse.Reconstruction> blendReconstruction) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.knownTrigger = knownTrigger;
        this.reconstruction = Objects.requireNonNull(reconstruction, "reconstruction");
        this.blendReconstruction = blendReconstruction;
    }

    public DefenseSamples samples() {
        return samples;
    }

    public Optional<Trigger> knownTrigger() {
        return Optional.ofNullable(knownTrigger);
    }

    /** The reverse-engineered trigger (and Neural Cleanse's detection), computed once. */
    public synchronized NeuralCleanse.Reconstruction reconstruction() {
        if (cached == null) cached = reconstruction.get();
        return cached;
    }

    /** The blend-like reverse-engineered trigger (full-image mask), computed once; empty when the run does not use one. */
    public synchronized Optional<NeuralCleanse.Reconstruction> blendReconstruction() {
        if (blendReconstruction == null) return Optional.empty();
        if (cachedBlend == null) cachedBlend = blendReconstruction.get();
        return Optional.of(cachedBlend);
    }

    /** Whether {@link #reconstruction()} has been computed already (its seconds were then paid by an earlier defense). */
    public synchronized boolean hasReconstruction() {
        return cached != null;
    }
}
