/**
 * The method of docs/METHODS.md item 4 as we reconstruct it:
 * {@link dev.mamori.methods.backdoor.unlearning.ActivationGuidedUnlearning} captures the activations that a linear layer
 * reads ({@link dev.mamori.methods.backdoor.unlearning.ReadingLayer}) for the defender's samples with and without the
 * trigger, ranks the units the trigger moves ({@link dev.mamori.methods.backdoor.unlearning.UnitRanking}), edits the
 * weights reading them in closed form ({@link dev.mamori.methods.backdoor.unlearning.RidgeEdit}, EJML) with
 * hyperparameters chosen by cross-validation on the samples, then detects a target-class collapse
 * ({@link dev.mamori.methods.backdoor.unlearning.CollapseCheck}) and repairs it. Options in
 * {@link dev.mamori.methods.backdoor.unlearning.UnlearningOptions}.
 */
package dev.mamori.methods.backdoor.unlearning;
