package dev.mamori.methods.backdoor.baselines;

import dev.mamori.nn.Module;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finding the layers a baseline works on, by name or by kind, with errors that list what exists. */
final class Layers {
    private Layers() {}

    /** {@code path} itself or, in a model wrapped by Normalized, "model." + path; an error lists some module names. */
    static String resolve(Module model, String path) {
        Map<String, Module> modules = model.namedModules();
        if (!path.isEmpty() && modules.containsKey(path)) return path;
        if (!path.isEmpty() && modules.containsKey("model." + path)) return "model." + path;
        throw new IllegalArgumentException("no layer '" + path + "' in the model; its modules include "
                + modules.keySet().stream().filter(s -> !s.isEmpty()).limit(40).toList());
    }

    /**
     * The neurons ANP perturbs: every BatchNorm2d when the model has any (the reference perturbs batch-norm
     * layers), otherwise every Conv2d.
     */
    static List<String> neuronLayers(Module model) {
        List<String> bn = new ArrayList<>(), conv = new ArrayList<>();
        model.namedModules().forEach((p, m) -> {
            if (m instanceof BatchNorm2d) bn.add(p);
            else if (m instanceof Conv2d) conv.add(p);
        });
        return bn.isEmpty() ? conv : bn;
    }

    /** The number of output channels of a BatchNorm2d or Conv2d module. */
    static int channels(Module m) {
        if (m instanceof BatchNorm2d b) return b.numFeatures;
        if (m instanceof Conv2d c) return c.outChannels;
        throw new IllegalArgumentException(m.getClass().getSimpleName() + " has no output channels to perturb");
    }
}
