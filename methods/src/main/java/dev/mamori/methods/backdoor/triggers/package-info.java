/**
 * Backdoor triggers as in BackdoorBench (Wu et al., 2022): {@link dev.mamori.methods.backdoor.triggers.PatchTrigger}
 * (BadNets' white square, the checkerboard square for light backgrounds, and any stamped mask and pattern), {@link dev.mamori.methods.backdoor.triggers.BlendTrigger},
 * {@link dev.mamori.methods.backdoor.triggers.SigTrigger} (float and 8-bit paths),
 * {@link dev.mamori.methods.backdoor.triggers.WaNetTrigger} (bicubic control field, grid sampling, noise mode), the
 * optimized {@link dev.mamori.methods.backdoor.triggers.TrojanPatch}, and
 * {@link dev.mamori.methods.backdoor.triggers.NeuralCleanse}, which reverse-engineers a trigger per class from clean
 * samples. {@link dev.mamori.methods.backdoor.triggers.TriggerVisibility} measures how much a trigger changes a set of
 * images (an invisible one cannot implant). Parity with the fixtures {@code oracle/wave2/trigger_*} is tested.
 */
package dev.mamori.methods.backdoor.triggers;
