/**
 * Shared generative pipelines: the loops that join networks and a scheduler into one use of a generative model, so
 * that methods do not each write their own inside one long method. Here: text to latents to image with
 * classifier-free guidance ({@link dev.mamori.generative.pipelines.TextToImagePipeline} over a
 * {@link dev.mamori.generative.pipelines.LatentDiffusionModel}), DDIM inversion
 * ({@link dev.mamori.generative.pipelines.DdimInversion}), and the diffusers-style folder the parts are saved in and
 * loaded from ({@link dev.mamori.generative.pipelines.PipelineFolder}). In general: text to latents to image (encode the prompt, start from noise, denoise with a UNet under classifier-free
 * guidance and a {@link dev.mamori.generative.schedulers scheduler}, decode the latents with the VAE), image to image
 * (noise a given image to an intermediate timestep, then denoise), and inversion (DDIM inversion of an image to the
 * noise that regenerates it, for editing, purification and membership tests). A pipeline owns no weights and no
 * scheduler state: it takes the networks and a scheduler, and returns tensors.
 */
package dev.mamori.generative.pipelines;
