package dev.mamori.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.UnaryOperator;

/**
 * Gradients that differ from the forward function, built only from ordinary ops and {@link Tensor#detach()} (the
 * stop-gradient identity), so they behave the same on this tape and in a SameDiff graph, where overriding
 * {@code doDiff} is ignored on M2.1:
 * <ul>
 *   <li>straight-through / BPDA: y = x + stopGradient(f(x) - x) is f(x) forward and the identity backward;</li>
 *   <li>gradient reversal: y = stopGradient((1 + l) x) - l x is x forward and -l * gradient backward;</li>
 *   <li>gradient scaling: y = stopGradient((1 - s) x) + s x is x forward and s * gradient backward.</li>
 * </ul>
 */
public final class CustomGradients {
    private CustomGradients() {}

    /** f(x) forward, identity backward (BPDA for a non-differentiable preprocessing f of the same shape). */
    public static Tensor straightThrough(Tensor x, UnaryOperator<Tensor> f) {
        Tensor fx;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            fx = f.apply(x.detach());
        }
        return x.add(fx.sub(x.detach()).detach());
    }

    /** f(x) forward, g(x) backward: the gradient of a differentiable surrogate g (BPDA with an approximation). */
    public static Tensor forwardWithSurrogateGradient(Tensor x, UnaryOperator<Tensor> f, UnaryOperator<Tensor> surrogate) {
        Tensor gx = surrogate.apply(x);
        Tensor fx;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            fx = f.apply(x.detach());
        }
        return gx.add(fx.sub(gx.detach()).detach());
    }

    /** Identity forward, gradient multiplied by -lambda backward (domain-adversarial training). */
    public static Tensor gradientReversal(Tensor x, double lambda) {
        return x.mul(1.0 + lambda).detach().sub(x.mul(lambda));
    }

    /** Identity forward, gradient multiplied by {@code scale} backward. */
    public static Tensor scaleGradient(Tensor x, double scale) {
        return x.mul(1.0 - scale).detach().add(x.mul(scale));
    }

    /** Values of x with no gradient flowing back (an alias of {@link Tensor#detach()} with SameDiff's name). */
    public static Tensor stopGradient(Tensor x) {
        return x.detach();
    }

    /** An op with an explicit backward rule, for when an identity trick is not enough. */
    public static Tensor custom(String name, Tensor x, INDArray forwardValue, UnaryOperator<INDArray> backward) {
        return Tensor.result(name, forwardValue, (g, needs) -> new INDArray[]{backward.apply(g)}, x);
    }
}
