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

    @Override
    protected Tensor forward(Tensor x) {
        for (Module m : layers) x = m.call(x);
        return x;
    }
}
