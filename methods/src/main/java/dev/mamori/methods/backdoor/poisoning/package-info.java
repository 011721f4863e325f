/**
 * Poisoned training sets ({@link dev.mamori.methods.backdoor.poisoning.Poisoning}): exactly round(ratio * N) images
 * drawn with a seed carry the trigger, with all-to-one or all-to-all targets
 * ({@link dev.mamori.methods.backdoor.poisoning.TargetMode}), optionally clean-label, plus the noise-mode images of
 * triggers that have one; {@link dev.mamori.methods.backdoor.poisoning.AttackedSet} holds the triggered test images an
 * attack is measured on.
 */
package dev.mamori.methods.backdoor.poisoning;
