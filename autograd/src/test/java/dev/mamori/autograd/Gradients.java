package dev.mamori.autograd;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers: small float64 arrays from a seed, and a finite-difference gradient check that fails the test with
 * the worst element when the tape's gradient disagrees with central differences.
 */
public final class Gradients {
    /** Central-difference step; in float64 the truncation error (h^2) and rounding error (1e-16/h) are both tiny. */
    public static final double H = 1e-6;
    public static final double ATOL = 1e-7;
    public static final double RTOL = 1e-5;

    private Gradients() {}

    /**
     * Checks every input's gradient of {@code f} (inputs float64) against central differences, then that the float32
     * run agrees with the float64 one ({@link #assertFloat32Agrees}). {@code f} must make any constants it uses of its
     * inputs' data type.
     */
    public static void assertGradientsMatch(String what, Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        GradCheck.Result r = GradCheck.check(f, List.of(inputs), H, ATOL, RTOL, 7);
        assertThat(r.passed()).as(what + ": " + r).isTrue();
        assertFloat32Agrees(what, f, inputs);
    }

    /**
     * Runs {@code f} on float32 copies of the (float64) inputs and checks that its value and every input gradient
     * (for the same upstream gradient) agree with float64 within float32 rounding. Models run in float32, where ND4J
     * may pick other native kernels (oneDNN) than in float64, so the float64 check alone does not cover them.
     */
    public static void assertFloat32Agrees(String what, Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        List<Tensor> v64 = new ArrayList<>(), v32 = new ArrayList<>();
        for (INDArray in : inputs) {
            v64.add(Tensor.variable(in.dup()));
            v32.add(Tensor.variable(in.castTo(DataType.FLOAT)));
        }
        Tensor out64 = f.apply(v64);
        Tensor out32 = f.apply(v32);
        assertThat(out32.dataType()).as(what + ": float32 output type").isEqualTo(DataType.FLOAT);
        INDArray upstream = uniform(3, -0.5, 0.5, out64.shape());
        List<INDArray> g64 = Autograd.grad(out64, upstream, v64);
        List<INDArray> g32 = Autograd.grad(out32, upstream.castTo(DataType.FLOAT), v32);
        assertClose(what + ": float32 output", out32.value(), out64.value(), 1e-4, 1e-3);
        for (int i = 0; i < inputs.length; i++) {
            assertClose(what + ": float32 gradient of input " + i, g32.get(i), g64.get(i), 1e-4, 1e-3);
        }
    }

    /**
     * Runs a fused kernel path and the op-by-op reference path of the same function on float32 copies of the inputs
     * and checks that the values and every input gradient (for one random upstream gradient) agree within float32
     * rounding. The reference is forced by the caller (e.g. a package-private op-by-op method), so both run in float32.
     */
    public static void assertPathsAgree(String what, Function<List<Tensor>, Tensor> fused, Function<List<Tensor>, Tensor> reference,
                                        INDArray... inputs) {
        List<Tensor> a = new ArrayList<>(), b = new ArrayList<>();
        for (INDArray in : inputs) {
            a.add(Tensor.variable(in.castTo(DataType.FLOAT)));
            b.add(Tensor.variable(in.castTo(DataType.FLOAT)));
        }
        Tensor outA = fused.apply(a), outB = reference.apply(b);
        assertThat(outA.dataType()).as(what + ": output type").isEqualTo(DataType.FLOAT);
        INDArray upstream = uniform(5, -0.5, 0.5, outB.shape()).castTo(DataType.FLOAT);
        List<INDArray> gA = Autograd.grad(outA, upstream, a), gB = Autograd.grad(outB, upstream, b);
        // the tolerance of assertFloat32Agrees: sums over thousands of terms (bias gradients) differ by float rounding
        assertClose(what + ": output", outA.value(), outB.value(), 1e-4, 1e-3);
        for (int i = 0; i < inputs.length; i++) assertClose(what + ": gradient of input " + i, gA.get(i), gB.get(i), 1e-4, 1e-3);
    }

    /** Every element within atol + rtol * |expected|, same shape. */
    public static void assertClose(String what, INDArray got, INDArray expected, double atol, double rtol) {
        assertThat(got.shape()).as(what + ": shape").containsExactly(expected.shape());
        double[] g = values(got), e = values(expected);
        for (int i = 0; i < g.length; i++) {
            double allowed = atol + rtol * Math.abs(e[i]);
            if (!(Math.abs(g[i] - e[i]) <= allowed)) {
                throw new AssertionError(what + ": element " + i + " is " + g[i] + ", expected " + e[i] + " (allowed error " + allowed + ")");
            }
        }
    }

    /** Uniform values in [lo, hi), float64, from a fixed seed. */
    public static INDArray uniform(long seed, double lo, double hi, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.nextDouble();
        return Nd4j.create(v, shape, 'c');
    }

    /** Values in [-1, 1] whose magnitude is at least 0.1, so kinks at zero (relu, abs) are never within a step. */
    public static INDArray awayFromZero(long seed, long... shape) {
        INDArray x = uniform(seed, 0.1, 1.0, shape);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (long i = 0; i < x.length(); i++) if (rng.nextBoolean()) x.putScalar(i, -x.getDouble(i));
        return x;
    }

    /** A random permutation of 0.1, 0.2, ... (shifted to be centred): no ties, so max-type ops are differentiable. */
    public static INDArray distinct(long seed, long... shape) {
        int n = Math.toIntExact(count(shape));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 0.1 * (order[i] - n / 2.0);
        return Nd4j.create(v, shape, 'c');
    }

    public static INDArray doubles(double[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }

    /** The elements of an array as doubles, in C order. */
    public static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** The elements as a list (for AssertJ's allSatisfy). */
    public static List<Double> valueList(INDArray a) {
        return Arrays.stream(values(a)).boxed().toList();
    }

    static long count(long[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /**
     * Runs {@code f} with the named kernels switched off (-Dmamori.kernels.off, comma-separated): the op-by-op path the
     * kernels are checked against. The setting is restored after.
     */
    public static <T> T withKernelsOff(String names, java.util.function.Supplier<T> f) {
        String before = System.getProperty("mamori.kernels.off");
        System.setProperty("mamori.kernels.off", names);
        try {
            return f.get();
        } finally {
            if (before == null) System.clearProperty("mamori.kernels.off");
            else System.setProperty("mamori.kernels.off", before);
        }
    }
}
