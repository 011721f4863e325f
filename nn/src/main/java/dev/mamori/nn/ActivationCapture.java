package dev.mamori.nn;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and edits the outputs of named modules during a forward pass (activation capture for backdoor unlearning,
 * feature extraction, probing). Capture keeps the output tensor itself, so its gradient can be taken too
 * ({@code Autograd.grad(loss, capture.tensor("blocks.3"))}).
 * <pre>{@code
 * try (ActivationCapture cap = ActivationCapture.of(model, "blocks.3", "norm")) {
 *     model.call(x);
 *     INDArray a = cap.get("blocks.3");
 * }
 * }</pre>
 */
public final class ActivationCapture implements AutoCloseable {
    private final Map<String, Tensor> captured = new LinkedHashMap<>();
    private final List<AutoCloseable> handles = new ArrayList<>();

    private ActivationCapture() {}

    /** Records the output of each named module every time it runs (the last run wins). */
    public static ActivationCapture of(Module model, String... paths) {
        ActivationCapture c = new ActivationCapture();
        for (String p : paths) {
            Module m = model.module(p);
            c.handles.add(m.addForwardHook(out -> {
                c.captured.put(p, out);
                return out;
            }));
        }
        return c;
    }

    /**
     * Records the input of each named module every time it runs (the last run wins), e.g. the features a linear layer
     * reads, which no module outputs as such when they are computed inside a parent's forward (a ReLU, a pooling).
     * Read them with {@link #get}/{@link #tensor} under the same path.
     */
    public static ActivationCapture inputsOf(Module model, String... paths) {
        ActivationCapture c = new ActivationCapture();
        for (String p : paths) {
            Module m = model.module(p);
            c.handles.add(m.addForwardPreHook(in -> {
                c.captured.put(p, in);
                return in;
            }));
        }
        return c;
    }

    /** Replaces the output of the named module by {@code edit(output)} until closed. */
    public static ActivationCapture replacing(Module model, String path, UnaryOperator<Tensor> edit) {
        ActivationCapture c = new ActivationCapture();
        c.handles.add(model.module(path).addForwardHook(out -> {
            Tensor edited = edit.apply(out);
            c.captured.put(path, edited);
            return edited;
        }));
        return c;
    }

    /** The captured output array of a module. */
    public INDArray get(String path) {
        return tensor(path).value();
    }

    /** The captured output tensor (on the tape when gradients are on). */
    public Tensor tensor(String path) {
        Tensor t = captured.get(path);
        if (t == null) throw new IllegalStateException("module '" + path + "' has not run since capture started");
        return t;
    }

    public Map<String, Tensor> all() {
        return captured;
    }

    @Override
    public void close() {
        for (AutoCloseable h : handles) {
            try {
                h.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        handles.clear();
    }
}
