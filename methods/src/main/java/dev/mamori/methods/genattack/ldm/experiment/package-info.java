/**
 * {@code mamori run genattack-ldm}: the latent-diffusion attack on learnable image encryption against every scheme,
 * beside the inverse-translation U-Net and the StyleGAN encoder attack on the same test images and keys, 3 seeds,
 * claims with verdicts ({@link dev.mamori.methods.genattack.ldm.experiment.GenAttackLdmExperiment}).
 */
package dev.mamori.methods.genattack.ldm.experiment;
