package dev.mamori.methods.sketch2photo;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the UNet's edge channel is given at test time, for one model trained on standardized edges of colour images
 * (the training is the same for all three; only the test-time condition differs, as in MaungMaung et al. 2023's
 * ablation of edge standardization).
 */
public enum SketchArm {
    /** The hand-drawn sketch through the same edge standardizer as the training images (the paper's method). */
    STANDARDIZED("standardized", "sketch through the edge standardizer"),
    /** The sketch as drawn, its darkness (1 - luminance), without standardization (the paper's ablation). */
    RAW("raw", "sketch as drawn (darkness), no standardization"),
    /** No sketch: a blank sheet (no edges), so only the prompt guides; the baseline that shows what the sketch adds. */
    NO_SKETCH("no-sketch", "no sketch (blank edge channel), prompt only");

    private final String id, description;

    SketchArm(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The UNet conditions [N, 1, h, w] for sketches [N, 3, H, W]. */
    public INDArray conditions(INDArray sketches, EdgeStandardizer standardizer, int latentSize) {
        return switch (this) {
            case STANDARDIZED -> EdgeCondition.standardized(sketches, standardizer, latentSize);
            case RAW -> EdgeCondition.raw(sketches, latentSize);
            case NO_SKETCH -> Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, sketches.size(0), EdgeCondition.CHANNELS, latentSize, latentSize);
        };
    }
}
