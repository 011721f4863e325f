package dev.mamori.methods.attacks;

/**
 * What one boundary query returns for {@code n} images: logits [n, classes], the chosen classes per image, and the
 * gradient of z[to] - z[from] with respect to each image [n, C*H*W] (row-major).
 */
public record LogitDifference(float[] logits, int[] from, int[] to, float[] gradient) {}
