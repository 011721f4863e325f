/**
 * Text-guided sketch-to-photo (MaungMaung et al. 2023) on the latent diffusion of {@code dev.mamori.generative}:
 * edge standardization that maps colour images (training) and hand-drawn line art (inference) into one edge domain
 * ({@link dev.mamori.methods.sketch2photo.EdgeStandardizer}, {@link dev.mamori.methods.sketch2photo.EdgeAgreement}),
 * the edge map as extra UNet input channels beside the noisy latent with the prompt by cross-attention
 * ({@link dev.mamori.methods.sketch2photo.EdgeCondition}), and the sketch + prompt to image pipeline
 * ({@link dev.mamori.methods.sketch2photo.SketchToPhotoPipeline}).
 */
package dev.mamori.methods.sketch2photo;
