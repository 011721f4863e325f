package dev.mamori.nn.adapters;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds LoRA adapters to a model's layers in place, and merges them back for deployment.
 *
 * <pre>{@code
 * model.freeze("*");                                       // every parameter
 * List<String> paths = Lora.apply(model, 8, 16, List.of("blocks.*.attn.qkv", "blocks.*.mlp.fc1"));   // lora_A, lora_B trainable
 * ... train ...
 * Lora.merge(model);                                       // plain layers again, W += alpha/r * B A
 * }</pre>
 * Adapters replace layers through {@link Module#replace}; make the optimizer after applying them. Which layers of a
 * model take adapters is the model's knowledge (the isotropic models of dev.mamori.models name theirs as adapter
 * targets), not this class's.
 */
public final class Lora {

    private Lora() {}

    /**
     * Wraps every module whose path matches one of {@code patterns} (see {@link ModulePattern}): a {@link Linear} in a
     * {@link LoraLinear}, a pointwise {@link Conv2d} in a {@link LoraConv2d}. Returns the paths wrapped, in model order.
     * It is an error when nothing matches, or when a match is another kind of layer or already has an adapter.
     */
    public static List<String> apply(Module model, int rank, double alpha, List<String> patterns) {
        List<ModulePattern> compiled = patterns.stream().map(ModulePattern::of).toList();
        Map<String, Module> targets = new LinkedHashMap<>();
        model.namedModules().forEach((path, m) -> {
            if (!path.isEmpty() && compiled.stream().anyMatch(p -> p.matches(path))) targets.put(path, m);
        });
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no module of " + model.getClass().getSimpleName() + " matches " + patterns
                    + "; some paths: " + model.namedModules().keySet().stream().filter(p -> !p.isEmpty()).limit(12).toList());
        }
        for (Map.Entry<String, Module> e : targets.entrySet()) {
            Module m = e.getValue();
            if (m instanceof LoraLinear || m instanceof LoraConv2d) {
                throw new IllegalArgumentException("'" + e.getKey() + "' already has a LoRA adapter");
            }
            if (!(m instanceof Linear) && !(m instanceof Conv2d)) {
                throw new IllegalArgumentException("'" + e.getKey() + "' matches " + patterns + " but is a " + m.describe()
                        + "; LoRA wraps Linear and pointwise Conv2d layers");
            }
        }
        for (Map.Entry<String, Module> e : targets.entrySet()) {
            Module adapter = e.getValue() instanceof Linear l ? new LoraLinear(l, rank, alpha) : new LoraConv2d((Conv2d) e.getValue(), rank, alpha);
            model.replace(e.getKey(), adapter);
        }
        return new ArrayList<>(targets.keySet());
    }

    /** Replaces every adapter by its merged plain layer ({@link LoraLinear#merged()}); returns how many. */
    public static int merge(Module model) {
        Map<String, Module> adapters = new LinkedHashMap<>();
        model.namedModules().forEach((path, m) -> {
            if (m instanceof LoraLinear || m instanceof LoraConv2d) adapters.put(path, m);
        });
        for (Map.Entry<String, Module> e : adapters.entrySet()) {
            Module merged = e.getValue() instanceof LoraLinear l ? l.merged() : ((LoraConv2d) e.getValue()).merged();
            model.replace(e.getKey(), merged);
        }
        return adapters.size();
    }

    /** The adapter parameters (names ending in lora_A / lora_B). */
    public static Map<String, Tensor> adapterParameters(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.namedParameters().forEach((n, p) -> {
            if (n.endsWith(".lora_A") || n.endsWith(".lora_B")) out.put(n, p);
        });
        return out;
    }
}
