/**
 * The latent-diffusion half of the generative attack on learnable image encryption (docs/METHODS.md item 7 (b)): a
 * latent diffusion UNet conditioned, through cross-attention, on per-block tokens of the encrypted image
 * ({@link dev.mamori.methods.genattack.ldm.EncryptedImageConditioner}), trained jointly with the conditioner on pairs
 * encrypted with a fresh key per example ({@link dev.mamori.methods.genattack.ldm.EncryptedImageContext}), and sampled
 * with DDIM from seeded noise ({@link dev.mamori.methods.genattack.ldm.LatentDiffusionAttack}). Sub-package
 * {@code experiment} is the {@code run genattack-ldm} experiment.
 */
package dev.mamori.methods.genattack.ldm;
