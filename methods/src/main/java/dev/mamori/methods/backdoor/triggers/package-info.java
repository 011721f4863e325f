/**
 * Backdoor triggers as in BackdoorBench (Wu et al., 2022): {@link dev.mamori.methods.backdoor.triggers.PatchTrigger}
 * (BadNets and any stamped mask and pattern), {@link dev.mamori.methods.backdoor.triggers.BlendTrigger},
 * {@link dev.mamori.methods.backdoor.triggers.SigTrigger} (float and 8-bit paths),
 * {@link dev.mamori.methods.backdoor.triggers.WaNetTrigger} (bicubic control field, grid sampling, noise mode), the
 * optimized {@link dev.mamori.methods.backdoor.triggers.TrojanPatch}, and
 * {@link dev.mamori.methods.backdoor.triggers.NeuralCleanse}, which reverse-engineers a trigger per class from clean
 * samples. Parity with the fixtures {@code oracle/wave2/trigger_*} is tested.
 */
package dev.mamori.methods.backdoor.triggers;
