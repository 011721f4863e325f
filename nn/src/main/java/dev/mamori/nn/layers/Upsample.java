package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Resampling;
import dev.mamori.nn.Module;

/** Nearest-neighbour upsampling by an integer factor (PyTorch nn.Upsample(scale_factor=s, mode="nearest")). */
public class Upsample extends Module {
    public final int scale;

    public Upsample(int scale) {
        this.scale = scale;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Resampling.upsampleNearest(x, scale);
    }

    @Override
    protected String extraRepr() {
        return "scale=" + scale + ", nearest";
    }
}
