package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Linear;

/**
 * A linear classifier on the raw pixels of 1 x 28 x 28 images with random weights from a seed: every pixel position has
 * its own weights, so its outputs depend on exactly where each value is, which makes a key's effect visible without
 * training.
 */
final class LinearPixelModel extends Classifier {
    private final Linear fc;

    LinearPixelModel(long seed) {
        super(10, 1, 28);
        Init.seed(seed);
        this.fc = register("fc", new Linear(28 * 28, 10, true));
        eval();
    }

    @Override
    protected Tensor forward(Tensor images) {
        return fc.call(images.reshape(images.size(0), 28 * 28));
    }
}
