package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;

/**
 * An attention layer over the positions of a feature map, with an optional context: the UNet's
 * {@link Transformer2DModel} (self- and cross-attention to text states) and the VAE's {@link VaeAttention}
 * (self-attention only). The UNet's and VAE's blocks hold either kind.
 */
public interface SpatialAttention {
    /** x [B, C, H, W] and context [B, M, D] (null: none) -> [B, C, H, W], residual included. */
    Tensor call(Tensor x, Tensor context);
}
