package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Pool2d;

/**
 * A small CNN for MNIST-sized inputs, the usual baseline of attack papers: two [conv 3x3, ReLU, conv 3x3, ReLU,
 * max-pool 2] stages, then fc1 + ReLU and fc2.
 */
public class SimpleCnn extends Classifier {
    public record Config(int inChannels, int numClasses, int imageSize, int width, int hidden) {}

    public final Config config;
    final Conv2d conv1, conv2, conv3, conv4;
    final Pool2d pool;
    final Linear fc1, fc2;

    public SimpleCnn(Config c) {
        super(c.numClasses(), c.inChannels(), c.imageSize());
        this.config = c;
        int w = c.width();
        conv1 = register("conv1", new Conv2d(c.inChannels(), w, 3, Conv2d.options().padding(1)));
        conv2 = register("conv2", new Conv2d(w, w, 3, Conv2d.options().padding(1)));
        conv3 = register("conv3", new Conv2d(w, 2 * w, 3, Conv2d.options().padding(1)));
        conv4 = register("conv4", new Conv2d(2 * w, 2 * w, 3, Conv2d.options().padding(1)));
        pool = register("pool", Pool2d.max(2, 2, 0));
        int side = c.imageSize() / 4;
        fc1 = register("fc1", new Linear((long) 2 * w * side * side, c.hidden()));
        fc2 = register("fc2", new Linear(c.hidden(), c.numClasses()));
    }

    @Override
    protected Tensor forward(Tensor x) {
        x = pool.call(conv2.call(conv1.call(x).relu()).relu());
        x = pool.call(conv4.call(conv3.call(x).relu()).relu());
        return fc2.call(fc1.call(x.flatten(1)).relu());
    }
}
