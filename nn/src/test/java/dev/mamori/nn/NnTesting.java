package dev.mamori.nn;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradCheck;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Small arrays from seeds, and float64 finite-difference checks of a module's input and parameter gradients. */
public final class NnTesting {
    private static final double H = 1e-6, ATOL = 1e-7, RTOL = 1e-5;

    private NnTesting() {}

    public static INDArray uniform(long seed, double lo, double hi, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.nextDouble();
        return Nd4j.create(v, shape, 'c');
    }

    public static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** Switches a module's parameters and floating-point buffers to float64 (values kept). */
    public static <M extends Module> M toFloat64(M m) {
        for (Tensor p : m.parameters()) p.setValue(p.value().castTo(DataType.DOUBLE));
        for (Buffer b : m.namedBuffers().values()) {
            if (b.value().dataType().isFPType()) b.set(b.value().castTo(DataType.DOUBLE));
        }
        return m;
    }

    /**
     * Checks, in float64, the gradients of sum(forward(inputs) * upstream) with respect to every input (with
     * {@link GradCheck}) and every parameter of {@code m} (central differences on the parameter's own array).
     * {@code forward} must run the module; it is called many times and must be deterministic.
     */
    public static void assertLayerGradients(String what, Module m, Function<List<Tensor>, Tensor> forward, INDArray... inputs) {
        toFloat64(m);
        if (inputs.length > 0) {
            GradCheck.Result r = GradCheck.check(forward, List.of(inputs), H, ATOL, RTOL, 11);
            assertThat(r.passed()).as(what + " input gradient: " + r).isTrue();
        }
        List<Tensor> xs = new ArrayList<>();
        for (INDArray in : inputs) xs.add(Tensor.of(in));
        Map<String, Tensor> params = m.namedParameters();
        Tensor out = forward.apply(xs);
        INDArray upstream = uniform(12, -0.5, 0.5, out.shape());
        List<INDArray> analytic = Autograd.grad(out, upstream, new ArrayList<>(params.values()));
        int k = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            INDArray p = e.getValue().value();
            INDArray g = analytic.get(k++);
            for (long i = 0; i < p.length(); i++) {
                double orig = p.getDouble(i);
                p.putScalar(i, orig + H);
                double plus = objective(forward, xs, upstream);
                p.putScalar(i, orig - H);
                double minus = objective(forward, xs, upstream);
                p.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * H);
                double a = g.getDouble(i);
                assertThat(Math.abs(a - numeric)).as(what + ": gradient of " + e.getKey() + " at " + i + " (analytic " + a + ", numeric " + numeric + ")")
                        .isLessThanOrEqualTo(ATOL + RTOL * Math.abs(numeric));
            }
        }
    }

    private static double objective(Function<List<Tensor>, Tensor> forward, List<Tensor> xs, INDArray upstream) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return forward.apply(xs).value().mul(upstream).sumNumber().doubleValue();
        }
    }
}
