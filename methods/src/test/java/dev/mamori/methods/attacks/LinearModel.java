package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Linear;

/** A seeded linear classifier on flattened images (C x S x S -> classes): cheap, for tests of attack mechanics. */
final class LinearModel extends Classifier {
    private final Linear fc;

    LinearModel(int channels, int size, int classes, long seed) {
        super(classes, channels, size);
        Init.seed(seed);
        fc = register("fc", new Linear((long) channels * size * size, classes));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return fc.call(x.flatten(1)).mul(4.0);
    }
}
