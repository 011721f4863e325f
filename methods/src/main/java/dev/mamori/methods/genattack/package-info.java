/**
 * Generative attacks on learnable image encryption: a generator trained on plain images, guided by what an encrypted
 * image leaks, restores its content or its identifying attributes. Sub-packages by role: {@code gan} trains the StyleGAN2
 * generator the attacks decode through. The latent-diffusion half of the attack is meant to sit beside it.
 */
package dev.mamori.methods.genattack;
