package dev.mamori.nn.train;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of a model's parameters (shadow = d * shadow + (1 - d) * param after every step), as
 * generative models and many classifiers use for evaluation. {@link #swap()} exchanges the live and averaged
 * weights (call twice to restore).
 *
 * <p>Warm-up (optional, {@code warmupPower > 0}): the decay of update t (counting from 0) is
 * {@code min(decay, 1 - (1 + t)^-warmupPower)}, so the average starts at the live weights and forgets the random
 * initialization quickly, then settles at {@code decay}. This is Katherine Crowson's EMA warm-up as diffusers'
 * EMAModel ({@code use_ema_warmup}, inv_gamma = 1) implements it; power 2/3 suits runs of a million steps or more,
 * 3/4 shorter ones. The number of updates is part of the state a checkpoint keeps.
 */
public final class Ema {
    private final Module model;
    private final double decay;
    private final double warmupPower;
    private final Map<String, INDArray> shadow = new LinkedHashMap<>();
    private long updates;

    public Ema(Module model, double decay) {
        this(model, decay, 0);
    }

    public Ema(Module model, double decay, double warmupPower) {
        if (decay <= 0 || decay >= 1) throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        if (warmupPower < 0) throw new IllegalArgumentException("EMA warm-up power must be >= 0 (0: no warm-up), got " + warmupPower);
        this.model = model;
        this.decay = decay;
        this.warmupPower = warmupPower;
        MemoryScope.outside(() -> {
            model.namedParameters().forEach((n, p) -> shadow.put(n, p.value().dup()));
            return null;
        });
    }

    /** The decay used by update number {@code t} (0-based). */
    public double decayAt(long t) {
        return warmupPower > 0 ? Math.min(decay, 1 - Math.pow(1 + t, -warmupPower)) : decay;
    }

    public void update() {
        double d = decayAt(updates++);
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            INDArray s = shadow.get(e.getKey());
            s.muli(d).addi(e.getValue().value().mul(1 - d));
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

    /** The averaged parameters by name (the model's parameter names). */
    public Map<String, INDArray> stateDict() {
        return shadow;
    }

    /** How many updates the average has had (what the warm-up depends on). */
    public long updates() {
        return updates;
    }

    public Module module() {
        return model;
    }

    /** Restarts the average at the model's current weights (e.g. after loading weights without EMA state). */
    public void reset() {
        model.namedParameters().forEach((n, p) -> shadow.get(n).assign(p.value()));
        updates = 0;
    }

    /** Loads averaged weights; with none saved (a checkpoint made without EMA) the average restarts at the live weights. */
    public void load(Map<String, INDArray> saved) {
        load(saved, 0);
    }

    /** Loads averaged weights and the number of updates they had. */
    public void load(Map<String, INDArray> saved, long savedUpdates) {
        if (saved.isEmpty()) {
            reset();
            return;
        }
        saved.forEach((k, v) -> {
            INDArray s = shadow.get(k);
            if (s == null) throw new IllegalArgumentException("EMA state has unknown parameter '" + k + "'");
            if (!java.util.Arrays.equals(s.shape(), v.shape())) {
                throw new IllegalArgumentException("EMA state '" + k + "' has shape " + java.util.Arrays.toString(v.shape())
                        + ", the parameter has " + java.util.Arrays.toString(s.shape()));
            }
            s.assign(v);
        });
        updates = savedUpdates;
    }
}
