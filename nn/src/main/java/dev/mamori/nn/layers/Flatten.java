package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/** Flattens dims from {@code startDim} on (PyTorch nn.Flatten, default start 1). */
public class Flatten extends Module {
    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.flatten(startDim);
    }
}
