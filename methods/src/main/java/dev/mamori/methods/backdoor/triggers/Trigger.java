package dev.mamori.methods.backdoor.triggers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A backdoor trigger: a fixed transformation of images [N, C, H, W] in [0, 1] (float32) that a poisoned model learns
 * to associate with the attacker's target. Triggers never change their input; they return new arrays. Every trigger
 * here follows BackdoorBench (Wu et al., NeurIPS 2022 Datasets and Benchmarks) and is checked against the reference
 * fixtures in {@code oracle/wave2/trigger_*}.
 */
public interface Trigger {

    /** A short lower-case name ("badnets", "blend", "sig", "wanet", "trojan", "reversed"). */
    String name();

    /** What the trigger is, with its parameters, for reports (never anything secret: triggers are not keys). */
    String describe();

    /** The image shape [C, H, W] the trigger is built for. */
    long[] imageShape();

    /** Triggered copies of {@code images} [N, C, H, W] (float32, values in [0, 1]). */
    INDArray apply(INDArray images);

    /**
     * Whether the trigger has a noise mode: a randomized variant the attacker trains on with the true labels so that
     * the model learns the exact trigger rather than any perturbation of its kind (WaNet's "cross" samples).
     */
    default boolean hasNoiseMode() {
        return false;
    }

    /** The noise-mode variant of {@link #apply}, random from {@code seed}; only when {@link #hasNoiseMode()}. */
    default INDArray applyNoiseMode(INDArray images, long seed) {
        throw new UnsupportedOperationException("trigger '" + name() + "' has no noise mode");
    }
}
