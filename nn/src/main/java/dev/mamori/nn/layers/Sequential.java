package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

import java.util.ArrayList;
import java.util.List;

/** Modules applied in order; children are named "0", "1", ... as in PyTorch's nn.Sequential. */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    public final Sequential add(Module m) {
        register(String.valueOf(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    /**
     * The layers in order; an exact GELU followed by an eval-mode BatchNorm2d (without hooks) runs as one fused op
     * ({@link BatchNorm2d#callAfter}), which saves writing and reading the GELU output at inference.
     */
    @Override
    protected Tensor forward(Tensor x) {
        return run(x, layers.size());
    }

    /** Layers [0, end) in order, fusing GELU, BatchNorm2d pairs. */
    private Tensor run(Tensor x, int end) {
        for (int i = 0; i < end; i++) {
            Module m = layers.get(i);
            if (i + 1 < end && layers.get(i + 1) instanceof BatchNorm2d bn && bn.fusesAfter(m)) {
                x = bn.callAfter(m, x);
                i++;
            } else {
                x = m.call(x);
            }
        }
        return x;
    }

    /**
     * call(x) + residual. When the last two layers are a fused GELU, BatchNorm2d pair and this module has no hooks,
     * the addition is part of that fused op ({@link BatchNorm2d#callAfter(Module, Tensor, Tensor)}): ConvMixer's
     * residual block at inference then makes one pass over memory after its convolution instead of two.
     */
    public Tensor callPlus(Tensor x, Tensor residual) {
        int n = layers.size();
        if (n < 2 || hasForwardHooks() || !(layers.get(n - 1) instanceof BatchNorm2d bn) || !bn.fusesAfter(layers.get(n - 2))) {
            return call(x).add(residual);
        }
        return bn.callAfter(layers.get(n - 2), run(x, n - 2), residual);
    }
}
