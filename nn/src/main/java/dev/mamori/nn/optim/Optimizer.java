package dev.mamori.nn.optim;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the optimizers: parameters by name (their state_dict names, so optimizer state can be checkpointed and
 * matched to the model), a learning rate that schedules can change, per-parameter state arrays, and a step counter.
 * Updates are in place on the parameters' arrays, outside any memory scope.
 */
public abstract class Optimizer {
    protected final Map<String, Tensor> params;
    protected final Map<String, INDArray[]> state = new LinkedHashMap<>();
    protected double lr;
    protected final double weightDecay;
    private long steps;

    protected Optimizer(Map<String, Tensor> params, double lr, double weightDecay) {
        if (params.isEmpty()) throw new IllegalArgumentException("optimizer got no parameters (all frozen?)");
        if (lr < 0) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        steps++;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor p = e.getValue();
                if (p.grad() == null || !p.requiresGrad()) continue;
                INDArray[] s = state.computeIfAbsent(e.getKey(), k -> MemoryScope.outside(() -> newState(p.value())));
                update(p.value(), p.grad(), s, steps);
            }
        }
    }

    /** Fresh per-parameter state (e.g. Adam's two moments), allocated outside any workspace. */
    protected abstract INDArray[] newState(INDArray param);

    /** Names of the state arrays, for checkpoints ("exp_avg", "exp_avg_sq", "momentum_buffer"). */
    protected abstract String[] stateNames();

    /** Updates {@code param} in place from {@code grad}; {@code step} counts from 1. */
    protected abstract void update(INDArray param, INDArray grad, INDArray[] state, long step);

    public void zeroGrad() {
        for (Tensor p : params.values()) p.zeroGrad();
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    public long steps() {
        return steps;
    }

    public Map<String, Tensor> parameters() {
        return params;
    }

    /** State as named arrays ("<param>.<state name>") plus the step count, for safetensors checkpoints. */
    public Map<String, INDArray> stateDict() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        String[] names = stateNames();
        state.forEach((p, arrays) -> {
            for (int i = 0; i < arrays.length; i++) {
                // a state array not (yet) used has none: plain SGD never makes its momentum buffer
                if (arrays[i] != null) out.put(p + "." + names[i], arrays[i]);
            }
        });
        out.put("__step__", Nd4j.scalar(steps));
        return out;
    }

    public void loadStateDict(Map<String, INDArray> saved) {
        String[] names = stateNames();
        state.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            INDArray[] arrays = new INDArray[names.length];
            boolean any = false;
            for (int i = 0; i < names.length; i++) {
                INDArray v = saved.get(e.getKey() + "." + names[i]);
                if (v != null) {
                    if (!java.util.Arrays.equals(v.shape(), e.getValue().shape())) {
                        throw new IllegalArgumentException("optimizer state '" + e.getKey() + "." + names[i] + "' has shape "
                                + java.util.Arrays.toString(v.shape()) + ", parameter has " + java.util.Arrays.toString(e.getValue().shape()));
                    }
                    arrays[i] = v.castTo(e.getValue().dataType()).dup();
                    any = true;
                }
            }
            if (any) {
                for (int i = 0; i < arrays.length; i++) if (arrays[i] == null) arrays[i] = Nd4j.zeros(e.getValue().dataType(), e.getValue().shape());
                state.put(e.getKey(), arrays);
            }
        }
        INDArray step = saved.get("__step__");
        steps = step == null ? 0 : step.getLong(0);
    }
}
