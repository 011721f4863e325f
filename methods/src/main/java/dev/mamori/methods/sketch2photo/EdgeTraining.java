package dev.mamori.methods.sketch2photo;

import dev.mamori.methods.diffusion.UnetCondition;

/**
 * What a sketch-to-photo UNet's edge channel is trained on, from the colour training images (self-supervised either
 * way). MaungMaung et al. 2023 compare their model, trained on standardized edges, with one trained without edge
 * standardization; both UNets of a seed share its initialization, data order and foundation, so only this differs.
 */
public enum EdgeTraining {
    /** The edge standardizer's binary edge map (the paper's method). */
    STANDARDIZED("seed-%d", "standardized edges (hysteresis-thresholded Sobel magnitudes, binary)"),
    /** The same detector's raw output, without the standardization step ({@link EdgeStandardizer#magnitude}: the ablation). */
    RAW("raw-seed-%d", "raw edge magnitudes (the same Sobel detector, neither thresholded nor dilated)");

    private final String folder, description;

    EdgeTraining(String folder, String description) {
        this.folder = folder;
        this.description = description;
    }

    /** The run folder of the {@code index}-th model trained this way. */
    public String folder(int index) {
        return String.format(java.util.Locale.ROOT, folder, index);
    }

    public String description() {
        return description;
    }

    /** The training condition of the colour images, averaged down to {@code latentSize}. */
    public UnetCondition condition(EdgeStandardizer standardizer, int latentSize) {
        return switch (this) {
            case STANDARDIZED -> EdgeCondition.training(standardizer, latentSize);
            case RAW -> new UnetCondition(EdgeCondition.CHANNELS, images -> EdgeCondition.downsample(EdgeStandardizer.magnitude(images), latentSize));
        };
    }
}
