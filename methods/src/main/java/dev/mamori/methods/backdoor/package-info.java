/**
 * Backdoor attacks and their removal (docs/METHODS.md item 4: Hsieh, Nguyen, MaungMaung, Usynin and Echizen, 2024,
 * "Mitigating backdoor attacks using activation-guided model editing"). What every defense shares lives here: the
 * defender's samples ({@link dev.mamori.methods.backdoor.DefenseSamples}), the defense contract
 * ({@link dev.mamori.methods.backdoor.Defense}, {@link dev.mamori.methods.backdoor.DefenseContext},
 * {@link dev.mamori.methods.backdoor.DefenseRun}), model copies, predictions, channel pruning and the one adapter to
 * the trainer ({@link dev.mamori.methods.backdoor.TrainingAdapter}). By role:
 * <ul>
 *   <li>{@code triggers}: BadNets, Blend, SIG, WaNet (with its noise mode), the trojan-style optimized patch, and
 *       Neural Cleanse's trigger reverse-engineering, each checked against the BackdoorBench fixtures;</li>
 *   <li>{@code poisoning}: seeded, exact poisoning (ratio, all-to-one and all-to-all, clean-label, noise mode) and the
 *       attacked test images;</li>
 *   <li>{@code unlearning}: the method, activation-guided closed-form editing with a repair step;</li>
 *   <li>{@code baselines}: fine-tuning, fine-pruning, NAD, ANP, I-BAU, Neural Cleanse unlearning;</li>
 *   <li>{@code experiment}: {@code mamori run backdoor}, its config, report and claims.</li>
 * </ul>
 */
package dev.mamori.methods.backdoor;
