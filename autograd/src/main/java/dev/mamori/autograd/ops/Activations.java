package dev.mamori.autograd.ops;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.kernels.CpuKernels;
import dev.mamori.autograd.kernels.GeluKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Activation functions with PyTorch's exact definitions, and softmax. */
public final class Activations {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Activations() {}

    /**
     * ReLU by libnd4j's ops. Two faster-looking paths lost to this one in paired A/B runs (docs/PERFORMANCE.md): a Java
     * kernel (backward masked by the output) and libnd4j's relu_bp on the output took 5-19% more CPU time for the
     * ResNet's training step and input gradient than the comparison, cast and product below.
     */
    public static Tensor relu(Tensor a) {
        INDArray x = a.value();
        INDArray out = Transforms.relu(x, true);
        return Tensor.result("relu", out, (g, needs) -> new INDArray[]{g.mul(x.gt(0).castTo(x.dataType()))}, a);
    }

    public static Tensor leakyRelu(Tensor a, double slope) {
        INDArray x = a.value();
        INDArray positive = x.gt(0).castTo(x.dataType());
        // slope where x <= 0, 1 where x > 0
        INDArray factor = positive.mul(1.0 - slope).addi(slope);
        return Tensor.result("leaky_relu", x.mul(factor), (g, needs) -> new INDArray[]{g.mul(factor)}, a);
    }

    public static Tensor sigmoid(Tensor a) {
        INDArray out = Transforms.sigmoid(a.value(), true);
        return Tensor.result("sigmoid", out, (g, needs) -> new INDArray[]{g.mul(out).muli(out.rsub(1.0))}, a);
    }

    public static Tensor tanh(Tensor a) {
        INDArray out = Transforms.tanh(a.value(), true);
        return Tensor.result("tanh", out, (g, needs) -> new INDArray[]{g.mul(out.mul(out).rsubi(1.0))}, a);
    }

    /** SiLU / swish: x * sigmoid(x). */
    public static Tensor silu(Tensor a) {
        INDArray x = a.value();
        INDArray s = Transforms.sigmoid(x, true);
        return Tensor.result("silu", x.mul(s), (g, needs) -> {
            // d/dx = s * (1 + x * (1 - s))
            INDArray d = s.rsub(1.0).muli(x).addi(1.0).muli(s);
            return new INDArray[]{g.mul(d)};
        }, a);
    }

    /** Softplus: log(1 + exp(x)), computed stably. */
    public static Tensor softplus(Tensor a) {
        INDArray x = a.value();
        INDArray out = Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false)
                .addi(Transforms.relu(x, true));
        return Tensor.result("softplus", out, (g, needs) -> new INDArray[]{g.mul(Transforms.sigmoid(x, true))}, a);
    }

    public static INDArray erf(INDArray x) {
        INDArray out = x.ulike();
        Nd4j.exec(new Erf(x, out));
        return out;
    }

    /** Exact GELU, PyTorch's default: 0.5 x (1 + erf(x / sqrt 2)). */
    public static Tensor geluExact(Tensor a) {
        INDArray x = a.value();
        if (CpuKernels.applicable("gelu", x)) {
            INDArray xc = CpuKernels.contiguous(x);
            if (!GradMode.isEnabled() || !a.requiresGrad()) return Tensor.result("gelu", GeluKernel.forwardOnly(xc), null, a);
            INDArray[] r = GeluKernel.forward(xc);
            return Tensor.result("gelu", r[0], (g, needs) -> new INDArray[]{GeluKernel.backward(r[1], g)}, a);
        }
        INDArray cdf = erf(x.mul(INV_SQRT2)).addi(1.0).muli(0.5);
        INDArray out = x.mul(cdf);
        return Tensor.result("gelu", out, (g, needs) -> {
            // d/dx = cdf + x * pdf(x)
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
            return new INDArray[]{g.mul(pdf.muli(x).addi(cdf))};
        }, a);
    }

    /** PyTorch's GELU(approximate="tanh"): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public static Tensor geluTanh(Tensor a) {
        INDArray x = a.value();
        INDArray x3 = x.mul(x).muli(x);
        INDArray t = Transforms.tanh(x3.muli(0.044715).addi(x).muli(SQRT_2_OVER_PI), false);
        INDArray out = t.add(1.0).muli(x).muli(0.5);
        return Tensor.result("gelu_tanh", out, (g, needs) -> {
            INDArray inner = x.mul(x).muli(3 * 0.044715).addi(1.0).muli(SQRT_2_OVER_PI); // d(arg)/dx
            INDArray sech2 = t.mul(t).rsubi(1.0);
            INDArray d = sech2.muli(inner).muli(x).muli(0.5).addi(t.add(1.0).muli(0.5));
            return new INDArray[]{g.mul(d)};
        }, a);
    }

    public static Tensor softmax(Tensor a, int dim) {
        int d = dim < 0 ? dim + a.dim() : dim;
        INDArray out = NativeOps.exec("softmax", new INDArray[]{a.value()}, d)[0];
        return Tensor.result("softmax", out, (g, needs) -> {
            INDArray dot = g.mul(out).sum(true, d);
            return new INDArray[]{g.sub(dot).muli(out)};
        }, a);
    }

    public static Tensor logSoftmax(Tensor a, int dim) {
        int d = dim < 0 ? dim + a.dim() : dim;
        INDArray out = logSoftmaxValues(a.value(), d);
        return Tensor.result("log_softmax", out, (g, needs) -> {
            INDArray sum = g.sum(true, d);
            return new INDArray[]{g.sub(Transforms.exp(out, true).muli(sum))};
        }, a);
    }

    /**
     * log softmax(z) along {@code dim}, finite for finite input. libnd4j's {@code log_softmax} takes the log of the
     * softmax, which underflows to 0 in float32 once a logit trails the row's largest by about 100, giving -inf; a
     * cross-entropy then multiplies that -inf by the zero target of a wrong class and the loss is NaN (a long training
     * whose model grows confident stopped this way). Where the native result is finite it is kept as it is (earlier
     * results stay bit-identical); otherwise z - max - log(sum(exp(z - max))), which never underflows to -inf.
     */
    static INDArray logSoftmaxValues(INDArray z, int dim) {
        INDArray out = NativeOps.exec("log_softmax", new INDArray[]{z}, dim)[0];
        if (!Double.isInfinite(out.minNumber().doubleValue())) return out;
        INDArray shifted = z.sub(z.max(true, dim));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, dim), false);
        return shifted.subi(logSum);
    }
}
