package dev.mamori.methods.backdoor.baselines;

import dev.mamori.nn.Module;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;

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
     * layers); otherwise every Conv2d's output channels and every hidden Linear layer's outputs (all but the last
     * Linear, the head), since Wu and Wang define neurons in convolutional and fully connected layers alike.
     */
    static List<String> neuronLayers(Module model) {
        List<String> bn = new ArrayList<>(), plain = new ArrayList<>();
        String[] head = {null};
        model.namedModules().forEach((p, m) -> {
            if (m instanceof BatchNorm2d) bn.add(p);
            else if (m instanceof Conv2d) plain.add(p);
            else if (m instanceof Linear) {
                plain.add(p);
                head[0] = p;
            }
        });
        plain.remove(head[0]);
        return bn.isEmpty() ? plain : bn;
    }

    /** The number of output channels of a BatchNorm2d or Conv2d module, or the outputs of a Linear one. */
    static int channels(Module m) {
        if (m instanceof BatchNorm2d b) return b.numFeatures;
        if (m instanceof Conv2d c) return c.outChannels;
        if (m instanceof Linear l) return Math.toIntExact(l.outFeatures);
        throw new IllegalArgumentException(m.getClass().getSimpleName() + " has no output channels to perturb");
    }
}
