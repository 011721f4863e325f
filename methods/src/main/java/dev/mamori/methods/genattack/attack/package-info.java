/**
 * The generative attacks on learnable image encryption and how they are judged. Every attack is a
 * {@link dev.mamori.methods.genattack.attack.ReconstructionAttack} (encrypted images in, estimates of the plain images
 * out): the StyleGAN half ({@link dev.mamori.methods.genattack.attack.StyleGanEncoderAttack}: a pSp-style encoder trained
 * on (encrypted, plain) pairs whose keys are fresh for every image, {@link dev.mamori.methods.genattack.attack.FreshKeyEncryption},
 * so that what it learns is what the scheme leaks in general, not one key; images encrypted with keys it never saw are
 * decoded through the frozen generator), the inverse-translation U-Net baseline
 * ({@link dev.mamori.methods.genattack.attack.UNetInversionAttack}) and the encrypted image itself
 * ({@link dev.mamori.methods.genattack.attack.EncryptedImageBaseline}).
 * {@link dev.mamori.methods.genattack.attack.SchemeComparison} scores them on the same images and keys (PSNR, SSIM,
 * perceptual distance, judge class agreement, paired gains over the encrypted image with intervals).
 */
package dev.mamori.methods.genattack.attack;
