package dev.mamori.eval.bench.samediff;

import org.nd4j.autodiff.samediff.SDVariable;

/** One of the suite's classifiers (shared/bench/SUITE.md) written as a SameDiff graph for [batch, 28, 28, 1] images. */
interface SdArchitecture {
    int IMAGE_SIZE = 28;
    int CLASSES = 10;

    /** The suite's case name ("convmixer", "vit", "resnet"). */
    String caseName();

    /** The parameter count SUITE.md gives for the case; a graph with another count is a different model. */
    long expectedParameters();

    /**
     * Adds the model to {@code graph}: NHWC images [batch, 28, 28, 1] in, logits [batch, 10] out. The last feature
     * map before pooling is renamed {@link #FEATURES} so that tests can check its shape.
     */
    SDVariable logits(SdGraph graph, SDVariable images, long batch);

    String FEATURES = "features";
}
