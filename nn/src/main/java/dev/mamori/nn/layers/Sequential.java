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
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm2d bn && bn.fusesAfter(m)) {
                x = bn.callAfter(m, x);
                i++;
            } else {
                x = m.call(x);
            }
        }
        return x;
    }
}
