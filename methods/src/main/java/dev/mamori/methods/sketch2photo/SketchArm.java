package dev.mamori.methods.sketch2photo;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A test condition: which trained model draws the test sketch and what its edge channel is given. Three arms use the
 * model trained on standardized edges and differ only at test time; the fourth is the paper's ablation proper, a model
 * trained without edge standardization (MaungMaung et al. 2023).
 */
public enum SketchArm {
    /** The hand-drawn sketch through the same edge standardizer as the training images (the paper's method). */
    STANDARDIZED("standardized", EdgeTraining.STANDARDIZED, "sketch through the edge standardizer"),
    /**
     * The sketch as drawn, its darkness (1 - luminance), given to the model trained on standardized edges: a test-time-only
     * ablation (the training is the method's; only the inference condition skips standardization).
     */
    RAW_AT_TEST("raw-at-test", EdgeTraining.STANDARDIZED, "sketch as drawn (darkness) to the model trained on standardized edges (test-time-only ablation)"),
    /** No sketch: a blank sheet (no edges), so only the prompt guides; the baseline that shows what the sketch adds. */
    NO_SKETCH("no-sketch", EdgeTraining.STANDARDIZED, "no sketch (blank edge channel), prompt only"),
    /**
     * The paper's ablation: a model trained on the raw edge magnitudes of the colour images (no standardization anywhere)
     * given the sketch as drawn (its darkness).
     */
    RAW_TRAINED("raw-trained", EdgeTraining.RAW, "sketch as drawn (darkness) to a model trained on raw edge magnitudes (no standardization)");

    private final String id, description;
    private final EdgeTraining model;

    SketchArm(String id, EdgeTraining model, String description) {
        this.id = id;
        this.model = model;
        this.description = description;
    }

    /** The arms measured on the models trained {@code way}. */
    public static java.util.List<SketchArm> of(EdgeTraining way) {
        return java.util.Arrays.stream(values()).filter(a -> a.model == way).toList();
    }

    /** How the model this arm draws with was trained. */
    public EdgeTraining model() {
        return model;
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
            case RAW_AT_TEST, RAW_TRAINED -> EdgeCondition.raw(sketches, latentSize);
            case NO_SKETCH -> Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, sketches.size(0), EdgeCondition.CHANNELS, latentSize, latentSize);
        };
    }
}
