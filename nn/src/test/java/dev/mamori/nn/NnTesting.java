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

    /**
     * Runs {@code forward} once with the module's parameters and the inputs in float32 and once in float64, and checks
     * that the outputs and the gradients of sum(output * upstream) with respect to every input and every trainable
     * parameter agree within float32 rounding (atol 1e-4, rtol 1e-3). Models run in float32, where ND4J may pick other
     * native kernels (oneDNN) and this framework its float32 Java kernels, so the float64 gradient check alone does not
     * cover them. Leaves the module in float64.
     */
    public static void assertFloat32AgreesWithFloat64(String what, Module m, Function<List<Tensor>, Tensor> forward, INDArray... inputs) {
        Run r32 = run(m, DataType.FLOAT, forward, inputs);
        Run r64 = run(m, DataType.DOUBLE, forward, inputs);
        assertThat(r32.output.dataType()).as(what + ": float32 output type").isEqualTo(DataType.FLOAT);
        assertClose(what + ": output", r32.output, r64.output);
        for (int i = 0; i < r32.grads.size(); i++) assertClose(what + ": gradient of " + r32.names.get(i), r32.grads.get(i), r64.grads.get(i));
    }

    private record Run(INDArray output, List<String> names, List<INDArray> grads) {}

    private static Run run(Module m, DataType type, Function<List<Tensor>, Tensor> forward, INDArray... inputs) {
        for (Tensor p : m.parameters()) p.setValue(p.value().castTo(type));
        for (Buffer b : m.namedBuffers().values()) {
            if (b.value().dataType().isFPType()) b.set(b.value().castTo(type));
        }
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> wrt = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i].dataType().isFPType() ? Tensor.variable(inputs[i].castTo(type)) : Tensor.of(inputs[i]);
            xs.add(x);
            if (x.requiresGrad()) {
                wrt.add(x);
                names.add("input " + i);
            }
        }
        m.trainableParameters().forEach((n, p) -> {
            wrt.add(p);
            names.add(n);
        });
        Tensor out = forward.apply(xs);
        List<INDArray> grads = Autograd.grad(out, uniform(13, -0.5, 0.5, out.shape()).castTo(type), wrt);
        return new Run(out.value(), names, grads);
    }

    private static void assertClose(String what, INDArray got, INDArray want) {
        assertThat(got.shape()).as(what + ": shape").containsExactly(want.shape());
        double[] g = values(got), w = values(want);
        for (int i = 0; i < g.length; i++) {
            double allowed = 1e-4 + 1e-3 * Math.abs(w[i]);
            assertThat(Math.abs(g[i] - w[i])).as(what + " at " + i + " (float32 " + g[i] + ", float64 " + w[i] + ")").isLessThanOrEqualTo(allowed);
        }
    }

    private static double objective(Function<List<Tensor>, Tensor> forward, List<Tensor> xs, INDArray upstream) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return forward.apply(xs).value().mul(upstream).sumNumber().doubleValue();
        }
    }
}
