package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;

/**
 * A very small CNN for 28x28 grey images (two strided 5x5 convolutions, 8 and 16 channels, then a linear layer;
 * about 0.2 M multiply-adds per image), so that attack tests on a trained model stay fast on two shared cores.
 */
final class TinyCnn extends Classifier {
    private final Conv2d conv1, conv2;
    private final Linear fc;

    TinyCnn() {
        super(10, 1, 28);
        conv1 = register("conv1", new Conv2d(1, 8, 5, Conv2d.options().stride(2).padding(2)));
        conv2 = register("conv2", new Conv2d(8, 16, 5, Conv2d.options().stride(2).padding(2)));
        fc = register("fc", new Linear(16 * 7 * 7, 10));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return fc.call(conv2.call(conv1.call(x).relu()).relu().flatten(1));
    }
}
