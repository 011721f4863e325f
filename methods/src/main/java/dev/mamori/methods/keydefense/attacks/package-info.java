/**
 * Attacks on key-based defenses (issue 5; METHODS.md items 1-3), built from the attack suite
 * ({@link dev.mamori.methods.attacks}) without reimplementing any attack.
 *
 * <h2>The target and the attacker's copies</h2>
 * {@link dev.mamori.methods.keydefense.attacks.KeyedTarget} wraps a deployed keyed model (one key or N randomized
 * keys): {@code deployed()} answers queries; {@code withKeys(keys, seed)} / {@code withKey(key)} are the attacker's
 * copies of its weights with keys of their choosing; {@code guessKeys(seed)} draws wrong keys of the right shape.
 *
 * <h2>The arsenal</h2>
 * {@link dev.mamori.methods.keydefense.attacks.KeyedAttacks} pairs any suite attack (a factory
 * {@code m -> Pgd.linf(m, eps).steps(10)}) with the model it is crafted on, and returns a
 * {@link dev.mamori.methods.keydefense.attacks.KeyedAttack} whose outcomes
 * ({@link dev.mamori.methods.keydefense.attacks.AttackOutcome}: robust accuracy and success rate on the deployed model)
 * carry {@link dev.mamori.methods.keydefense.attacks.AttackerKnowledge} (weights, key, gradients, queries):
 * <ul>
 *   <li>non-adaptive: {@code wrongKey} (the weights with a guessed key, transferred), {@code transfer} /
 *       {@link dev.mamori.methods.keydefense.attacks.CraftedTransfer} (crafted once on the public backbone, judged on
 *       every derived model), {@code blackBox} (Square on the deployed model);</li>
 *   <li>adaptive: {@link dev.mamori.methods.keydefense.attacks.KeySearch} (random search and pairwise-swap hill
 *       climbing on the weights, scored by agreement with the deployed model's answers to one batch of queries) then
 *       {@code estimatedKey} (the inverse-transform attack with the estimate); {@code eotRandomKeys}
 *       ({@link dev.mamori.methods.keydefense.attacks.RandomKeyModel}); {@code eotOwnKeys} and {@code oneSlot} for
 *       randomized multi-key models;</li>
 *   <li>key leaked (reference): {@code whiteBox}, through FFX by BPDA;
 *       {@link dev.mamori.methods.keydefense.attacks.FfxGradients} also gives FFX's true (zero) gradient, which shows
 *       the gradient masking BPDA removes;</li>
 *   <li>{@code withinL2Budgets}: a minimum-norm attack (CW) judged at several L2 budgets from one run.</li>
 * </ul>
 */
package dev.mamori.methods.keydefense.attacks;
