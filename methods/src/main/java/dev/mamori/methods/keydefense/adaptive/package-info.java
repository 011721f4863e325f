/**
 * The threat model of key-based defenses and the attacks on them (docs/METHODS.md items 1-3): what an attacker holds
 * (weights, key, gradients, queries), the non-adaptive attacks a key is meant to stop and the adaptive ones that try
 * to get around it. Built from the attack suite ({@link dev.mamori.methods.attacks}) without reimplementing any
 * attack.
 *
 * <h2>The target and the attacker's copies</h2>
 * {@link dev.mamori.methods.keydefense.adaptive.KeyedTarget} wraps a deployed keyed model (one key or N randomized
 * keys): {@code deployed()} answers queries; {@code withKeys(keys, seed)} / {@code withKey(key)} are the attacker's
 * copies of its weights with keys of their choosing; {@code guessKeys(seed)} draws wrong keys of the right shape.
 *
 * <h2>The arsenal</h2>
 * {@link dev.mamori.methods.keydefense.adaptive.KeyedAttacks} pairs any suite attack (a factory
 * {@code m -> Pgd.linf(m, eps).steps(10)}) with the model it is crafted on, and returns a
 * {@link dev.mamori.methods.keydefense.adaptive.KeyedAttack} whose outcomes
 * ({@link dev.mamori.methods.keydefense.adaptive.AttackOutcome}: robust accuracy and success rate on the deployed model)
 * carry {@link dev.mamori.methods.keydefense.adaptive.AttackerKnowledge} (weights, key, gradients, queries):
 * <ul>
 *   <li>non-adaptive: {@code wrongKey} (the weights with a guessed key, transferred), {@code transfer} /
 *       {@link dev.mamori.methods.keydefense.adaptive.CraftedTransfer} (crafted once on the public backbone, judged on
 *       every derived model), {@code blackBox} (Square on the deployed model);</li>
 *   <li>adaptive: {@link dev.mamori.methods.keydefense.adaptive.KeySearch} (random search and pairwise-swap hill
 *       climbing on the weights, scored by agreement with the deployed model's answers to one batch of queries) then
 *       {@code estimatedKey} (the inverse-transform attack with the estimate); {@code eotRandomKeys}
 *       ({@link dev.mamori.methods.keydefense.adaptive.RandomKeyModel}); {@code eotOwnKeys} and {@code oneSlot} for
 *       randomized multi-key models;</li>
 *   <li>key leaked (reference): {@code whiteBox}, through FFX by BPDA;
 *       {@link dev.mamori.methods.keydefense.adaptive.FfxGradients} also gives FFX's true (zero) gradient, which shows
 *       the gradient masking BPDA removes;</li>
 *   <li>{@code withinL2Budgets}: a minimum-norm attack (CW) judged at several L2 budgets from one run.</li>
 * </ul>
 */
package dev.mamori.methods.keydefense.adaptive;
