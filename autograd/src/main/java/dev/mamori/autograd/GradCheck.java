package dev.mamori.autograd;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finite-difference check of analytic gradients, in float64. The function is reduced to a scalar as
 * sum(f(inputs) * upstream) with a fixed random upstream, so every output element is checked.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The largest discrepancy found, per input, and where. */
    public record Result(double maxAbsError, double maxRelError, int worstInput, long worstIndex, boolean passed) {
        @Override
        public String toString() {
            return String.format("maxAbs=%.3g maxRel=%.3g at input %d index %d -> %s", maxAbsError, maxRelError,
                    worstInput, worstIndex, passed ? "ok" : "FAILED");
        }
    }

    /**
     * Compares central differences (step {@code h}) with the tape's gradients for every element of every input.
     * Inputs must be float64. An element passes when |analytic - numeric| <= atol + rtol * |numeric|.
     */
    public static Result check(Function<List<Tensor>, Tensor> f, List<INDArray> inputs, double h, double atol, double rtol, long seed) {
        for (INDArray in : inputs) {
            if (in.dataType() != DataType.DOUBLE) throw new IllegalArgumentException("GradCheck needs float64 inputs");
        }
        List<Tensor> vars = new ArrayList<>();
        for (INDArray in : inputs) vars.add(Tensor.variable(in.dup()));
        Tensor out = f.apply(vars);
        INDArray upstream = Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(out.shape()).castTo(DataType.DOUBLE).subi(0.5);
        List<INDArray> analytic = Autograd.grad(out, upstream, vars);

        double maxAbs = 0, maxRel = 0;
        int worstInput = -1;
        long worstIndex = -1;
        boolean passed = true;
        for (int k = 0; k < inputs.size(); k++) {
            INDArray base = inputs.get(k);
            for (long i = 0; i < base.length(); i++) {
                double numeric = (objective(f, inputs, k, i, h, upstream) - objective(f, inputs, k, i, -h, upstream)) / (2 * h);
                double a = analytic.get(k).getDouble(i);
                double err = Math.abs(a - numeric);
                double rel = err / Math.max(1e-12, Math.abs(numeric));
                if (err > maxAbs) {
                    maxAbs = err;
                    worstInput = k;
                    worstIndex = i;
                }
                maxRel = Math.max(maxRel, Math.min(rel, err));
                if (err > atol + rtol * Math.abs(numeric)) passed = false;
            }
        }
        return new Result(maxAbs, maxRel, worstInput, worstIndex, passed);
    }

    private static double objective(Function<List<Tensor>, Tensor> f, List<INDArray> inputs, int k, long i, double delta, INDArray upstream) {
        List<Tensor> consts = new ArrayList<>();
        for (int j = 0; j < inputs.size(); j++) {
            INDArray v = inputs.get(j).dup();
            if (j == k) v.putScalar(i, v.getDouble(i) + delta);
            consts.add(Tensor.of(v));
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return f.apply(consts).value().mul(upstream).sumNumber().doubleValue();
        }
    }
}
