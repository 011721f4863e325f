/**
 * The networks of latent diffusion (Rombach et al. 2022, arXiv 2112.10752) with diffusers' parameter names, so that
 * weights travel as diffusers safetensors both ways: the text-conditioned denoiser
 * {@link dev.mamori.models.diffusion.UNet2DConditionModel} (down, mid and up blocks of
 * {@link dev.mamori.nn.layers.ResnetBlock2D}s with the timestep embedding and
 * {@link dev.mamori.models.diffusion.Transformer2DModel}s whose blocks self- and cross-attend with GEGLU, skips between
 * the two halves), the KL autoencoder {@link dev.mamori.models.diffusion.AutoencoderKL} (encoder to a diagonal Gaussian
 * latent, decoder), and the {@link dev.mamori.models.diffusion.PatchDiscriminator} its training may add. Registered
 * in the model registry as kind DIFFUSION: {@code unet_bench_16} (exactly the benchmark suite's {@code unet} case),
 * {@code unet_emoji_8} and {@code vae_kl_emoji_32} (the small latent diffusion model trained here on 32x32 emoji).
 * Schedulers, pipelines and training steps are in the generative module, apart from the networks as in diffusers.
 */
package dev.mamori.models.diffusion;
