/**
 * How private each scheme is:
 * <ul>
 *   <li>{@link dev.mamori.methods.encryption.attacks.NeuraCryptBreak}: Carlini et al.'s break of NeuraCrypt (moment
 *       features {@link dev.mamori.methods.encryption.attacks.MomentFeatures}, a contrastive
 *       {@link dev.mamori.methods.encryption.attacks.PatchMatcher} trained on fresh encoders, optimal assignment
 *       {@link dev.mamori.methods.encryption.attacks.LinearAssignment} - scipy's linear_sum_assignment, parity with fixture
 *       {@code oracle/wave2/hungarian}), as re-identification accuracy;</li>
 *   <li>{@link dev.mamori.methods.encryption.attacks.InverseTranslation}: the U-Net inverse-translation baseline,
 *       trained with a fresh key per pair through {@link dev.mamori.methods.encryption.attacks.ReconstructionTraining};</li>
 *   <li>{@link dev.mamori.methods.encryption.attacks.VisualSecurity}: PSNR and SSIM between plain and encrypted (or
 *       reconstructed) images.</li>
 * </ul>
 * The matcher's and the U-Net's trainings are {@link dev.mamori.nn.train.Trainer} steps with the trainer's checkpoints
 * where {@link dev.mamori.methods.encryption.attacks.TrainingCheckpoints} says, so a killed run continues them.
 */
package dev.mamori.methods.encryption.attacks;
