package dev.mamori.methods.attacks;

/**
 * What one gradient query returns for {@code n} images: logits [n, classes] and input gradients [n, C*H*W]
 * (row-major), and each example's loss. Under {@link Eot} all three are averages over the samples.
 */
public record LossGradient(float[] logits, double[] loss, float[] gradient) {}
