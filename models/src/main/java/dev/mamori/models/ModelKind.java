package dev.mamori.models;

/**
 * What a registered model is for. Each {@link ModelFamily} has one kind; {@link ModelRegistry#names(ModelKind)} lists
 * the names of a kind.
 */
public enum ModelKind {
    /** Image classifiers ({@link Classifier}): images [N, C, H, W] to logits [N, classes]. */
    CLASSIFICATION,
    /** Diffusion models: denoisers (UNet) and latent autoencoders (VAE). */
    DIFFUSION,
    /** Generative adversarial networks: generators, their encoders (inversion) and discriminators. */
    GAN,
    /** Text models: tokenizers' companions, text encoders. */
    TEXT,
    /** Object detectors. */
    DETECTION,
    /** Image-to-image translators: images [N, C, H, W] to images [N, C', H, W] (U-Nets that undo an image transform). */
    IMAGE_TO_IMAGE
}
