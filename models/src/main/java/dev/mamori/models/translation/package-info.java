/**
 * Image-to-image models ({@link dev.mamori.models.ModelKind#IMAGE_TO_IMAGE}): the
 * {@link dev.mamori.models.translation.TranslationUNet}, a small U-Net that learns to undo an image transform (the
 * inverse-translation baseline against image encryption), registered as family {@code translation_unet}.
 */
package dev.mamori.models.translation;
