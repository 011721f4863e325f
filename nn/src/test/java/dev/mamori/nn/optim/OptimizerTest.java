package dev.mamori.nn.optim;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Optimizers against PyTorch's update rules (torch.optim.SGD / Adam / AdamW, as documented), computed here element
 * by element in plain Java over three steps with given gradients, and checkpoint continuation.
 */
class OptimizerTest {
    private static final double[] P0 = {1.0, -2.0, 0.5};
    private static final double[][] GRADS = {{0.1, -0.2, 0.3}, {0.4, 0.1, -0.5}, {-0.3, 0.2, 0.1}};

    private static Map<String, Tensor> params() {
        return params(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    private static Map<String, Tensor> params(org.nd4j.linalg.api.buffer.DataType type) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.param(Nd4j.createFromArray(P0.clone()).castTo(type)));
        return m;
    }

    /** Runs three steps with the fixed gradients and returns the parameter after each. */
    private static double[][] run(Function<Map<String, Tensor>, Optimizer> make) {
        return run(make, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    private static double[][] run(Function<Map<String, Tensor>, Optimizer> make, org.nd4j.linalg.api.buffer.DataType type) {
        Map<String, Tensor> ps = params(type);
        Optimizer opt = make.apply(ps);
        double[][] out = new double[3][];
        for (int t = 0; t < 3; t++) {
            ps.get("w").setGrad(Nd4j.createFromArray(GRADS[t].clone()).castTo(type));
            opt.step();
            out[t] = values(ps.get("w").value());
        }
        assertThat(opt.steps()).isEqualTo(3);
        return out;
    }

    /** torch.optim.SGD's algorithm for one element over the three steps. */
    private static double[][] sgdReference(double lr, double momentum, double dampening, double wd, boolean nesterov) {
        double[][] out = new double[3][P0.length];
        for (int i = 0; i < P0.length; i++) {
            double p = P0[i], buf = 0;
            for (int t = 0; t < 3; t++) {
                double g = GRADS[t][i] + wd * p;
                if (momentum != 0) {
                    buf = t == 0 ? g : momentum * buf + (1 - dampening) * g;
                    g = nesterov ? g + momentum * buf : buf;
                }
                p -= lr * g;
                out[t][i] = p;
            }
        }
        return out;
    }

    /** torch.optim.Adam (decoupled = AdamW) for one element over the three steps. */
    private static double[][] adamReference(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        double[][] out = new double[3][P0.length];
        for (int i = 0; i < P0.length; i++) {
            double p = P0[i], m = 0, v = 0;
            for (int t = 1; t <= 3; t++) {
                double g = GRADS[t - 1][i];
                if (decoupled) p *= 1 - lr * wd;
                else g += wd * p;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double mHat = m / (1 - Math.pow(b1, t)), vHat = v / (1 - Math.pow(b2, t));
                p -= lr * mHat / (Math.sqrt(vHat) + eps);
                out[t - 1][i] = p;
            }
        }
        return out;
    }

    private static void assertSteps(String what, double[][] got, double[][] want) {
        for (int t = 0; t < 3; t++) assertThat(got[t]).as(what + " after step " + (t + 1)).containsExactly(want[t], within(1e-12));
    }

    @Test
    void sgdVariantsFollowPyTorch() {
        assertSteps("plain", run(p -> new Sgd(p, 0.1)), sgdReference(0.1, 0, 0, 0, false));
        assertSteps("momentum", run(p -> new Sgd(p, 0.1, 0.9, 0, 0, false)), sgdReference(0.1, 0.9, 0, 0, false));
        assertSteps("dampening", run(p -> new Sgd(p, 0.1, 0.9, 0.5, 0, false)), sgdReference(0.1, 0.9, 0.5, 0, false));
        assertSteps("nesterov", run(p -> new Sgd(p, 0.1, 0.9, 0, 0, true)), sgdReference(0.1, 0.9, 0, 0, true));
        assertSteps("weight decay", run(p -> new Sgd(p, 0.1, 0, 0, 0.01, false)), sgdReference(0.1, 0, 0, 0.01, false));
        assertSteps("momentum, dampening and weight decay", run(p -> new Sgd(p, 0.05, 0.8, 0.1, 0.1, false)), sgdReference(0.05, 0.8, 0.1, 0.1, false));
        // by hand, first element, momentum 0.9, lr 0.1: buffers 0.1, 0.49, 0.141 -> 0.99, 0.941, 0.9269
        double[][] m = run(p -> new Sgd(p, 0.1, 0.9, 0, 0, false));
        assertThat(new double[]{m[0][0], m[1][0], m[2][0]}).containsExactly(new double[]{0.99, 0.941, 0.9269}, within(1e-12));
        assertThatThrownBy(() -> new Sgd(params(), 0.1, 0, 0, 0, true)).hasMessageContaining("Nesterov");
    }

    @Test
    void adamAndAdamWFollowPyTorch() {
        assertSteps("Adam", run(p -> new Adam(p, 0.01)), adamReference(0.01, 0.9, 0.999, 1e-8, 0, false));
        assertSteps("Adam with weight decay", run(p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false)), adamReference(0.01, 0.9, 0.999, 1e-8, 0.1, false));
        assertSteps("AdamW", run(p -> Adam.adamW(p, 0.01, 0.1)), adamReference(0.01, 0.9, 0.999, 1e-8, 0.1, true));
        assertSteps("Adam other betas", run(p -> new Adam(p, 0.1, 0.8, 0.99, 1e-6, 0, false)), adamReference(0.1, 0.8, 0.99, 1e-6, 0, false));
        // by hand: Adam's first step moves every element by lr * g / (|g| + eps), about lr
        double[][] a = run(p -> new Adam(p, 0.1));
        assertThat(a[0][0]).isCloseTo(1.0 - 0.1 * 0.1 / (0.1 + 1e-8), within(1e-15));
        assertThat(a[0][1]).isCloseTo(-2.0 + 0.1 * 0.2 / (0.2 + 1e-8), within(1e-15));
    }

    /** Float32 parameters take the fused AdamKernel: the same updates within float32 rounding. */
    @Test
    void adamKernelInFloat32FollowsPyTorch() {
        var f32 = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        assertStepsFloat("Adam float32", run(p -> new Adam(p, 0.01), f32), adamReference(0.01, 0.9, 0.999, 1e-8, 0, false));
        assertStepsFloat("Adam float32 with weight decay", run(p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false), f32),
                adamReference(0.01, 0.9, 0.999, 1e-8, 0.1, false));
        assertStepsFloat("AdamW float32", run(p -> Adam.adamW(p, 0.01, 0.1), f32), adamReference(0.01, 0.9, 0.999, 1e-8, 0.1, true));
        assertStepsFloat("Adam float32 other betas", run(p -> new Adam(p, 0.1, 0.8, 0.99, 1e-6, 0, false), f32),
                adamReference(0.1, 0.8, 0.99, 1e-6, 0, false));
    }

    private static void assertStepsFloat(String what, double[][] got, double[][] want) {
        for (int t = 0; t < 3; t++) assertThat(got[t]).as(what + " after step " + (t + 1)).containsExactly(want[t], within(2e-6));
    }

    /** Over many elements (several chunks of the kernel), float32 Adam agrees with the float64 op-by-op update. */
    @Test
    void adamKernelAgreesWithTheOpByOpUpdateOnALargeTensor() {
        INDArray p0 = dev.mamori.nn.NnTesting.uniform(31, -1, 1, 3, 50001), g0 = dev.mamori.nn.NnTesting.uniform(32, -1, 1, 3, 50001);
        var f32 = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        Map<String, Tensor> p64 = Map.of("w", Tensor.param(p0.dup())), p32 = Map.of("w", Tensor.param(p0.castTo(f32)));
        Optimizer a64 = Adam.adamW(p64, 0.01, 0.1), a32 = Adam.adamW(p32, 0.01, 0.1);
        for (int t = 1; t <= 3; t++) {
            INDArray g = g0.mul(t % 2 == 0 ? -0.5 : 1.0);
            p64.get("w").setGrad(g.dup());
            p32.get("w").setGrad(g.castTo(f32));
            a64.step();
            a32.step();
        }
        double[] want = values(p64.get("w").value()), got = values(p32.get("w").value());
        assertThat(got).containsExactly(want, within(1e-5));
    }

    /** The kernel makes the op-by-op update's float operations in its order: the same bits, with and without decay. */
    @Test
    void adamKernelGivesTheBitsOfTheOpByOpUpdateInFloat32() {
        var f32 = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        INDArray p0 = dev.mamori.nn.NnTesting.uniform(33, -1, 1, 2, 40001).castTo(f32), g0 = dev.mamori.nn.NnTesting.uniform(34, -1, 1, 2, 40001).castTo(f32);
        List<Function<Map<String, Tensor>, Optimizer>> makers = List.of(p -> Adam.adamW(p, 0.02, 0.01),
                p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false), p -> new Adam(p, 0.003));
        for (Function<Map<String, Tensor>, Optimizer> make : makers) {
            INDArray fused = adamSteps(make, p0, g0, false), opByOp = adamSteps(make, p0, g0, true);
            assertThat(fused.data().asFloat()).containsExactly(opByOp.data().asFloat());
        }
    }

    private static INDArray adamSteps(Function<Map<String, Tensor>, Optimizer> make, INDArray p0, INDArray g0, boolean kernelOff) {
        String before = System.getProperty("mamori.kernels.off");
        if (kernelOff) System.setProperty("mamori.kernels.off", "adam");
        try {
            Map<String, Tensor> ps = Map.of("w", Tensor.param(p0.dup()));
            Optimizer opt = make.apply(ps);
            for (int t = 1; t <= 4; t++) {
                ps.get("w").setGrad(g0.mul(t % 2 == 0 ? -0.5 : 1.0));
                opt.step();
            }
            return ps.get("w").value().dup();
        } finally {
            if (before == null) System.clearProperty("mamori.kernels.off");
            else System.setProperty("mamori.kernels.off", before);
        }
    }

    @Test
    void parametersWithoutGradientOrFrozenAreLeftAlone() {
        Map<String, Tensor> ps = params();
        Tensor frozen = Tensor.param(Nd4j.createFromArray(5.0, 6.0));
        ps.put("frozen", frozen);
        Optimizer opt = new Sgd(ps, 0.1);
        frozen.setGrad(Nd4j.createFromArray(1.0, 1.0));
        frozen.requiresGrad(false);
        opt.step(); // w has no gradient
        assertThat(values(ps.get("w").value())).containsExactly(P0);
        assertThat(values(frozen.value())).containsExactly(5, 6);
        opt.zeroGrad();
        assertThat(frozen.grad()).isNull();
        assertThatThrownBy(() -> new Sgd(Map.of(), 0.1)).hasMessageContaining("no parameters");
        assertThatThrownBy(() -> new Sgd(params(), -1)).hasMessageContaining(">= 0");
    }

    /** Two steps, a checkpoint through safetensors, then step three on the original and on a fresh copy. */
    private static void assertContinuesIdentically(String what, Function<Map<String, Tensor>, Optimizer> make, Path dir) throws Exception {
        Map<String, Tensor> ps = params();
        Optimizer opt = make.apply(ps);
        for (int t = 0; t < 2; t++) {
            ps.get("w").setGrad(Nd4j.createFromArray(GRADS[t].clone()));
            opt.step();
        }
        Path file = dir.resolve(what + ".safetensors");
        SafeTensors.write(file, opt.stateDict(), Map.of());
        Map<String, Tensor> copy = new LinkedHashMap<>();
        copy.put("w", Tensor.param(ps.get("w").value().dup()));
        Optimizer resumed = make.apply(copy);
        resumed.loadStateDict(SafeTensors.read(file).tensors());
        assertThat(resumed.steps()).isEqualTo(2);
        for (Map.Entry<String, Tensor> e : Map.of("original", ps.get("w"), "resumed", copy.get("w")).entrySet()) {
            e.getValue().setGrad(Nd4j.createFromArray(GRADS[2].clone()));
        }
        opt.step();
        resumed.step();
        assertThat(values(copy.get("w").value())).as(what).containsExactly(values(ps.get("w").value()));
    }

    @Test
    void stateDictSaveAndLoadContinuesIdentically(@TempDir Path dir) throws Exception {
        assertContinuesIdentically("sgd", p -> new Sgd(p, 0.1), dir);
        assertContinuesIdentically("sgd-momentum", p -> new Sgd(p, 0.1, 0.9, 0, 0.01, true), dir);
        assertContinuesIdentically("adam", p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false), dir);
        assertContinuesIdentically("adamw", p -> Adam.adamW(p, 0.01, 0.1), dir);
    }

    @Test
    void stateDictNamesFollowTheParameters() {
        Map<String, Tensor> ps = params();
        Optimizer adam = new Adam(ps, 0.01);
        ps.get("w").setGrad(Nd4j.createFromArray(GRADS[0].clone()));
        adam.step();
        Map<String, INDArray> s = adam.stateDict();
        assertThat(s.keySet()).containsExactly("w.exp_avg", "w.exp_avg_sq", "__step__");
        assertThat(values(s.get("w.exp_avg"))).containsExactly(new double[]{0.01, -0.02, 0.03}, within(1e-15));
        Map<String, INDArray> wrong = new LinkedHashMap<>(s);
        wrong.put("w.exp_avg", Nd4j.zeros(2));
        assertThatThrownBy(() -> new Adam(params(), 0.01).loadStateDict(wrong)).hasMessageContaining("'w.exp_avg' has shape [2]");
    }
}
