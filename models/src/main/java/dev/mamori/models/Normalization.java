package dev.mamori.models;

import java.util.Arrays;

/**
 * The per-channel normalization a model's weights expect: x' = (x - mean[c]) / std[c] on [0, 1] pixels (what
 * {@link Normalized} applies). The two ImageNet conventions are timm's {@code IMAGENET_DEFAULT_MEAN/STD} (torchvision
 * models, ConvMixer) and {@code IMAGENET_INCEPTION_MEAN/STD} (timm's ViTs).
 */
public record Normalization(double[] mean, double[] std) {
    /** torchvision's and timm's ImageNet statistics. */
    public static final Normalization IMAGENET_DEFAULT = new Normalization(new double[]{0.485, 0.456, 0.406}, new double[]{0.229, 0.224, 0.225});
    /** Inception-style normalization to [-1, 1] (timm's ViT weights). */
    public static final Normalization IMAGENET_INCEPTION = new Normalization(new double[]{0.5, 0.5, 0.5}, new double[]{0.5, 0.5, 0.5});

    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs as many means as stds (one per channel); got " + mean.length + " and " + std.length);
        }
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("std must be positive, got " + s);
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std);
    }
}
