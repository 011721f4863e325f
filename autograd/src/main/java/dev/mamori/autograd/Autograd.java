package dev.mamori.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the tape that {@link Tensor} operations record.
 *
 * <ul>
 *   <li>{@link #backward(Tensor)}: accumulate d(loss)/d(leaf) into every leaf's {@link Tensor#grad()} (training).</li>
 *   <li>{@link #grad(Tensor, List)}: return d(loss)/d(t) for chosen tensors only - inputs, parameters or
 *       intermediate activations - without touching anybody's accumulated gradient (attacks, saliency).</li>
 * </ul>
 * Either call releases the tape it walked (like PyTorch's default), so memory is freed as soon as possible.
 */
public final class Autograd {
    private static final Tensor[] NO_INPUTS = new Tensor[0];

    private Autograd() {}

    /** Backpropagates a scalar loss into all leaves that require gradients. */
    public static void backward(Tensor loss) {
        requireScalar(loss);
        backward(loss, Nd4j.ones(loss.dataType(), loss.shape()));
    }

    /** Backpropagates the given upstream gradient of {@code output} into all leaves that require gradients. */
    public static void backward(Tensor output, INDArray upstream) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException("backward(): " + output + " does not require a gradient; no parameter or input"
                    + " on its tape has requiresGrad=true");
        }
        checkShape(output, upstream);
        run(output, upstream, null);
    }

    /** The gradient of a scalar {@code loss} with respect to each tensor in {@code wrt} (zeros where unconnected). */
    public static List<INDArray> grad(Tensor loss, List<Tensor> wrt) {
        requireScalar(loss);
        return grad(loss, Nd4j.ones(loss.dataType(), loss.shape()), wrt);
    }

    /** Convenience for one tensor: d(loss)/d(x). */
    public static INDArray grad(Tensor loss, Tensor x) {
        return grad(loss, List.of(x)).get(0);
    }

    /** Vector-Jacobian product: the gradient of sum(output * upstream) with respect to each tensor in {@code wrt}. */
    public static List<INDArray> grad(Tensor output, INDArray upstream, List<Tensor> wrt) {
        checkShape(output, upstream);
        for (Tensor t : wrt) {
            if (!t.requiresGrad()) {
                throw new IllegalArgumentException("grad(): " + t + " does not require a gradient;"
                        + " call requiresGrad(true) on it before the forward pass");
            }
        }
        Map<Tensor, INDArray> wanted = new IdentityHashMap<>();
        for (Tensor t : wrt) wanted.put(t, null);
        if (output.requiresGrad()) {
            run(output, upstream, wanted);
        }
        List<INDArray> out = new ArrayList<>(wrt.size());
        for (Tensor t : wrt) {
            INDArray g = wanted.get(t);
            out.add(g != null ? g : Nd4j.zeros(t.dataType(), t.shape()));
        }
        return out;
    }

    /**
     * Walks the tape from {@code root} in reverse topological order. With {@code wanted == null} gradients accumulate
     * into leaves; otherwise only tensors in {@code wanted} receive theirs (and only the part of the tape that leads to
     * them is evaluated).
     */
    private static void run(Tensor root, INDArray upstream, Map<Tensor, INDArray> wanted) {
        run(root, upstream, wanted, false);
    }

    /** Like {@link #grad(Tensor, List)} but keeps the tape, so a second gradient can be taken through it. */
    public static List<INDArray> gradRetainingGraph(Tensor loss, List<Tensor> wrt) {
        requireScalar(loss);
        Map<Tensor, INDArray> wanted = new IdentityHashMap<>();
        for (Tensor t : wrt) wanted.put(t, null);
        if (loss.requiresGrad()) run(loss, Nd4j.ones(loss.dataType(), loss.shape()), wanted, true);
        List<INDArray> out = new ArrayList<>(wrt.size());
        for (Tensor t : wrt) {
            INDArray g = wanted.get(t);
            out.add(g != null ? g : Nd4j.zeros(t.dataType(), t.shape()));
        }
        return out;
    }

    private static void run(Tensor root, INDArray upstream, Map<Tensor, INDArray> wanted, boolean retainGraph) {
        List<Tensor> order = topologicalOrder(root);
        Set<Tensor> relevant = wanted == null ? null : dependingOn(order, wanted.keySet());
        Map<Tensor, INDArray> grads = new IdentityHashMap<>();
        grads.put(root, upstream);
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            INDArray g = grads.remove(t);
            if (g == null) continue;
            if (wanted != null && wanted.containsKey(t)) {
                wanted.put(t, g);
            }
            GradFn fn = t.gradFn;
            if (fn == null) {
                if (wanted == null && t.requiresGrad()) t.accumulateGrad(g);
                continue;
            }
            if (fn.isReleased()) {
                throw new IllegalStateException("the tape through '" + fn.op + "' was already used by a backward pass and"
                        + " released; run the forward pass again, or use Autograd.gradRetainingGraph for the first pass");
            }
            if (wanted == null && t.retainsGrad()) t.accumulateGrad(g);
            boolean[] needs = new boolean[fn.inputs.length];
            boolean any = false;
            for (int k = 0; k < needs.length; k++) {
                Tensor in = fn.inputs[k];
                needs[k] = in != null && in.requiresGrad() && (relevant == null || relevant.contains(in));
                any |= needs[k];
            }
            if (any) {
                long t0 = OpProfiler.enabled() ? System.nanoTime() : 0;
                INDArray[] inGrads = fn.backward.apply(g, needs);
                if (OpProfiler.enabled()) OpProfiler.backwardDone(fn.op, System.nanoTime() - t0);
                for (int k = 0; k < needs.length; k++) {
                    if (!needs[k] || inGrads[k] == null) continue;
                    Tensor in = fn.inputs[k];
                    if (!Arrays.equals(inGrads[k].shape(), in.shape())) {
                        throw new IllegalStateException("backward of '" + fn.op + "' gave a gradient of shape "
                                + Arrays.toString(inGrads[k].shape()) + " for input " + k + " of shape " + Arrays.toString(in.shape()));
                    }
                    INDArray prev = grads.get(in);
                    grads.put(in, prev == null ? inGrads[k] : prev.add(inGrads[k]));
                }
            }
            // Release the tape behind us: the recorded closures hold activations.
            if (!retainGraph) fn.release();
        }
    }

    /** Tensors reachable from root through recorded ops, each after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] inputs = t.gradFn == null || t.gradFn.isReleased() ? NO_INPUTS : t.gradFn.inputs;
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && visited.add(in)) {
                    stack.push(new Object[]{in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** The tensors of {@code order} that are targets or computed from one: only their gradients matter. */
    private static Set<Tensor> dependingOn(List<Tensor> order, Set<Tensor> targets) {
        Set<Tensor> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) { // inputs come before outputs
            boolean r = targets.contains(t);
            if (!r && t.gradFn != null && !t.gradFn.isReleased()) {
                for (Tensor in : t.gradFn.inputs) {
                    if (in != null && relevant.contains(in)) {
                        r = true;
                        break;
                    }
                }
            }
            if (r) relevant.add(t);
        }
        return relevant;
    }

    private static void requireScalar(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("gradients need a scalar loss, got shape " + Arrays.toString(loss.shape())
                    + "; reduce it (sum/mean) or pass an upstream gradient");
        }
    }

    private static void checkShape(Tensor output, INDArray upstream) {
        if (!Arrays.equals(output.shape(), upstream.shape())) {
            throw new IllegalArgumentException("upstream gradient shape " + Arrays.toString(upstream.shape())
                    + " does not match output shape " + Arrays.toString(output.shape()));
        }
    }

    /** Names of the ops on the tape behind {@code t}, newest last (debugging aid). */
    public static Map<String, Integer> opCounts(Tensor t) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Tensor x : topologicalOrder(t)) {
            if (x.op() != null) counts.merge(x.op(), 1, Integer::sum);
        }
        return counts;
    }
}
