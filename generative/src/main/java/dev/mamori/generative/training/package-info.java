/**
 * Training steps of the generative models, each a {@link dev.mamori.nn.train.TrainingStep} for the generic
 * {@link dev.mamori.nn.train.Trainer} (checkpoints, exact resume, EMA, progress come from it): the CLIP pair's
 * symmetric contrastive loss ({@link dev.mamori.generative.training.ClipContrastiveStep}), the KL autoencoder's
 * reconstruction + perceptual + KL (+ optional patch-GAN) loss ({@link dev.mamori.generative.training.VaeTrainingStep},
 * {@link dev.mamori.generative.training.PerceptualLoss}), and the latent diffusion step with random timesteps and noise
 * from the step context and condition dropout ({@link dev.mamori.generative.training.DiffusionTrainingStep}), over
 * {@link dev.mamori.generative.training.CaptionedBatch}es whose captions name the examples in a
 * {@link dev.mamori.generative.training.ContextSource}: a frozen text encoder's states per caption
 * ({@link dev.mamori.generative.training.CaptionContextTable}), or a conditioner trained jointly with the UNet.
 * {@link dev.mamori.generative.training.LatentEncoding} caches the VAE's posteriors and measures the latent scaling
 * factor. Fine-tuning methods (DreamBooth-style, image-to-image, attacks through the sampler) reuse these steps on
 * their own data; LoRA on the attention projections ({@code to_q}, {@code to_k}, {@code to_v}, {@code to_out.0}) comes
 * from {@link dev.mamori.nn.adapters.Lora}.
 */
package dev.mamori.generative.training;
