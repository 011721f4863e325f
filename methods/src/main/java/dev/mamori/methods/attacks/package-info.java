/**
 * Adversarial attacks in the style of torchattacks: one small class per attack over a shared base, for any Mamori
 * {@link dev.mamori.models.Classifier} that takes [0, 1] images (wrap normalization in
 * {@link dev.mamori.models.Normalized}) and returns logits.
 *
 * <h2>Using an attack</h2>
 * <pre>{@code
 * AttackResult r = Pgd.linf(model, 8 / 255.0).steps(20).seed(1).run(images, labels);    // untargeted
 * AttackResult t = Apgd.ce(model, Norm.LINF, 0.1).runTargeted(images, labels, Targets.random(labels, 10, 0));
 * r.adversarial(); r.success(); r.robustAccuracy(); r.successRate(); r.queries(); r.norms(images);
 * }</pre>
 *
 * <h2>The attacks</h2>
 * White box: {@link dev.mamori.methods.attacks.Fgsm}, {@link dev.mamori.methods.attacks.Pgd} (L-inf, L2; random start,
 * restarts, step schedules), {@link dev.mamori.methods.attacks.MiFgsm}, {@link dev.mamori.methods.attacks.CarliniWagnerL2},
 * {@link dev.mamori.methods.attacks.DeepFool}, {@link dev.mamori.methods.attacks.Apgd} (CE, DLR),
 * {@link dev.mamori.methods.attacks.ApgdTargeted} (APGD-T), {@link dev.mamori.methods.attacks.Fab} (FAB, FAB-T; L-inf) and the
 * ensemble {@link dev.mamori.methods.attacks.AutoAttack}.
 * Black box: {@link dev.mamori.methods.attacks.Square}, {@link dev.mamori.methods.attacks.Spsa},
 * {@link dev.mamori.methods.attacks.TransferAttack}. Adaptive building blocks: {@link dev.mamori.methods.attacks.Eot}
 * (any attack: {@code .eot(Eot.over(sampler, n))}), {@link dev.mamori.methods.attacks.Bpda} (a classifier wrapper).
 * By name: {@link dev.mamori.methods.attacks.AttackRegistry}.
 *
 * <h2>How an attack is built</h2>
 * {@link dev.mamori.methods.attacks.Attack} validates the input, switches the model to eval mode, splits the input
 * into batches and, per batch, hands an {@link dev.mamori.methods.attacks.AttackState} to the attack's
 * {@code perturb}. Images live in Java float arrays between model calls; every model call goes through
 * {@link dev.mamori.methods.attacks.AttackedModel}, which runs it in a {@link dev.mamori.autograd.MemoryScope} and gets
 * input gradients as one vector-Jacobian product of an {@link dev.mamori.methods.attacks.AttackLoss} (so each example
 * has its own gradient and queries are counted per example). {@link dev.mamori.methods.attacks.Projections} keeps
 * every result inside its budget and in [0, 1], exactly.
 *
 * <h2>Trusting the numbers</h2>
 * {@link dev.mamori.methods.attacks.SanityChecks} warns, like AutoAttack, about randomized outputs (use EOT), zero or
 * vanishing gradients (use BPDA or a black-box attack), probabilities instead of logits, too few classes for DLR, and
 * black-box attacks that beat white-box ones.
 */
package dev.mamori.methods.attacks;
