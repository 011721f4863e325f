package dev.mamori.models;

import dev.mamori.nn.Module;

/**
 * An image classifier: {@code call(images [N, C, H, W])} gives logits [N, numClasses]. Images are what the model was
 * trained on (wrap with {@link Normalized} so that callers, attacks in particular, always work in [0, 1] pixels).
 */
public abstract class Classifier extends Module {
    private final int numClasses;
    private final int inChannels;
    private final int imageSize;

    protected Classifier(int numClasses, int inChannels, int imageSize) {
        this.numClasses = numClasses;
        this.inChannels = inChannels;
        this.imageSize = imageSize;
    }

    public int numClasses() {
        return numClasses;
    }

    public int inChannels() {
        return inChannels;
    }

    /** The input height and width the model expects (square images). */
    public int imageSize() {
        return imageSize;
    }
}
