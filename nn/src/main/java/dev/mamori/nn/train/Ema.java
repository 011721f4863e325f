package dev.mamori.nn.train;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of a model's parameters (shadow = decay * shadow + (1 - decay) * param after every step),
 * as generative models and many classifiers use for evaluation. {@link #swap()} exchanges the live and averaged
 * weights (call twice to restore).
 */
public final class Ema {
    private final Module model;
    private final double decay;
    private final Map<String, INDArray> shadow = new LinkedHashMap<>();

    public Ema(Module model, double decay) {
        if (decay <= 0 || decay >= 1) throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        this.model = model;
        this.decay = decay;
        MemoryScope.outside(() -> {
            model.namedParameters().forEach((n, p) -> shadow.put(n, p.value().dup()));
            return null;
        });
    }

    public void update() {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            INDArray s = shadow.get(e.getKey());
            s.muli(decay).addi(e.getValue().value().mul(1 - decay));
        }
    }

    /** Exchanges live and averaged weights in place. */
    public void swap() {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            INDArray live = e.getValue().value();
            INDArray s = shadow.get(e.getKey());
            INDArray tmp = MemoryScope.outside(live::dup);
            live.assign(s);
            s.assign(tmp);
        }
    }

    public Map<String, INDArray> stateDict() {
        return shadow;
    }

    /** Restarts the average at the model's current weights (e.g. after loading weights without EMA state). */
    public void reset() {
        model.namedParameters().forEach((n, p) -> shadow.get(n).assign(p.value()));
    }

    /** Loads averaged weights; with none saved (a checkpoint made without EMA) the average restarts at the live weights. */
    public void load(Map<String, INDArray> saved) {
        if (saved.isEmpty()) {
            reset();
            return;
        }
        saved.forEach((k, v) -> {
            INDArray s = shadow.get(k);
            if (s == null) throw new IllegalArgumentException("EMA state has unknown parameter '" + k + "'");
            s.assign(v);
        });
    }
}
