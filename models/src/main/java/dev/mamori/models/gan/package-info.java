/**
 * StyleGAN2 networks (Karras et al. 2020, "Analyzing and Improving the Image Quality of StyleGAN", arXiv 1912.04958)
 * with stylegan2-ada-pytorch's parameter names: the {@link dev.mamori.models.gan.MappingNetwork} (z -> w, with the
 * running mean of w for truncation), the skip-architecture {@link dev.mamori.models.gan.SynthesisNetwork} of
 * {@link dev.mamori.models.gan.SynthesisLayer}s (modulated, demodulated convolutions with noise) and
 * {@link dev.mamori.models.gan.ToRgbLayer}s, the {@link dev.mamori.models.gan.Generator} with style mixing and
 * truncation, and the {@link dev.mamori.models.gan.ResNetDiscriminator}. Registered as kind GAN by
 * {@link dev.mamori.models.gan.StyleGan2Family}. Training steps (non-saturating loss, lazy R1, EMA of G) are in the
 * generative module, apart from the networks.
 */
package dev.mamori.models.gan;
