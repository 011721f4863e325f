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
    private NeuralCleanse.Reconstruction cached;

    /**
     * @param knownTrigger   the attack's trigger for the trigger-known setting; null when the defender does not have it
     * @param reconstruction computes the reverse-engineered trigger (called at most once)
     */
    public DefenseContext(DefenseSamples samples, Trigger knownTrigger, Supplier<NeuralCleanse.Reconstruction> reconstruction) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.knownTrigger = knownTrigger;
        this.reconstruction = Objects.requireNonNull(reconstruction, "reconstruction");
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

    /** Whether {@link #reconstruction()} has been computed already (its seconds were then paid by an earlier defense). */
    public synchronized boolean hasReconstruction() {
        return cached != null;
    }
}
