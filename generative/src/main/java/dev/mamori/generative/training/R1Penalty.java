package dev.mamori.generative.training;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.UnaryOperator;

/**
 * The R1 gradient penalty (Mescheder et al. 2018, "Which Training Methods for GANs do actually Converge?", arXiv
 * 1801.04406, eq. 9; StyleGAN2, arXiv 1912.04958, appendix B): R1 = (gamma / 2) E_x ||grad_x D(x)||^2 on real images,
 * added to the discriminator's loss. Its parameter gradient is a gradient of a gradient, and the autograd tape has no
 * second-order pass (no create_graph). So the parameter gradient is computed here by a finite difference that needs
 * first-order passes only.
 *
 * <p>Derivation. Write g_b = grad_x D(x_b) for one real image x_b and treat it as a constant vector. For every
 * parameter theta, d/dtheta ||g_b||^2 = 2 (d g_b / d theta)^T g_b = 2 (d/dh) grad_theta D(x_b + h g_b) at h = 0,
 * because d/dh grad_theta D(x + h v) = (d^2 D / d theta dx) v and (d g / d theta)^T = d^2 D / (dx dtheta) (mixed
 * partial derivatives commute for a twice differentiable D). The central difference replaces d/dh:
 * <pre>
 *   grad_theta ||g_b||^2  ~  [grad_theta D(x_b + h g_b) - grad_theta D(x_b - h g_b)] / h    (error O(h^2))
 * </pre>
 * so the parameter gradient of R1 = (gamma / 2B) sum_b ||g_b||^2 is the parameter gradient of the surrogate
 * <pre>
 *   S = gamma / (2 B h) * [sum_b D(x_b + h g_b) - sum_b D(x_b - h g_b)]     (x, g constants)
 * </pre>
 * one first-order backward pass through two discriminator evaluations. For a discriminator that is piecewise linear in
 * x (leaky ReLU) the difference is exact while x +- h g stay in the same linear pieces; h is chosen so the perturbation
 * has a root mean square of {@code relativeStep} per pixel (1e-3 of the [-1, 1] image range by default), small enough
 * for that and large enough for float32. {@code R1PenaltyTest} checks the result against the exact gradient of R1 in
 * float64 (analytic for a quadratic, numerical over parameters for a smooth network). The PyTorch twin of the
 * benchmark computes the same penalty with exact double backpropagation (create_graph=True).
 */
public final class R1Penalty {
    /** Default root mean square of the perturbation h g per input element. */
    public static final double DEFAULT_RELATIVE_STEP = 1e-3;

    private final double gamma, relativeStep;

    /**
     * @param gamma        R1 weight (the loss adds gamma / 2 E ||grad||^2)
     * @param relativeStep root mean square per input element of the finite-difference perturbation
     */
    public R1Penalty(double gamma, double relativeStep) {
        if (!(gamma >= 0) || !Double.isFinite(gamma)) throw new IllegalArgumentException("R1 gamma must be >= 0, got " + gamma);
        if (!(relativeStep > 0) || !Double.isFinite(relativeStep)) throw new IllegalArgumentException("R1 relative step must be > 0, got " + relativeStep);
        this.gamma = gamma;
        this.relativeStep = relativeStep;
    }

    public R1Penalty(double gamma) {
        this(gamma, DEFAULT_RELATIVE_STEP);
    }

    /**
     * The value of R1 and the surrogate whose backward pass gives R1's parameter gradient (times {@code weight}).
     *
     * @param penalty   (gamma / 2) mean_b ||g_b||^2, unweighted
     * @param surrogate weight * S; backward it (its value is not R1's); null when the gradient or gamma is 0
     */
    public record Result(double penalty, Tensor surrogate) {
    }

    /**
     * @param discriminator x [B, ...] -> scores [B, 1] (or [B])
     * @param real          real images [B, ...]
     * @param weight        factor on the gradient (lazy regularization: the interval k)
     */
    public Result compute(UnaryOperator<Tensor> discriminator, INDArray real, double weight) {
        long b = real.size(0);
        Tensor x = Tensor.variable(real);
        INDArray g = Autograd.grad(discriminator.apply(x).sum(), x);                         // [B, ...] = grad_x sum_b D(x_b)
        double sumSquares = g.mul(g).sumNumber().doubleValue();
        double penalty = gamma / 2 * sumSquares / b;
        double rms = Math.sqrt(sumSquares / g.length());
        if (rms == 0 || gamma == 0) {
            return new Result(penalty, null);                                              // nothing to penalize
        }
        double h = relativeStep / rms;
        Tensor plus = discriminator.apply(Tensor.of(real.add(g.mul(h)))).sum();
        Tensor minus = discriminator.apply(Tensor.of(real.sub(g.mul(h)))).sum();
        Tensor surrogate = plus.sub(minus).mul(weight * gamma / (2.0 * b * h));
        return new Result(penalty, surrogate);
    }
}
