package dev.mamori.autograd.ops;

import dev.mamori.autograd.kernels.CpuKernels;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.autograd.Gradients.assertClose;
import static dev.mamori.autograd.Gradients.assertGradientsMatch;
import static dev.mamori.autograd.Gradients.assertPathsAgree;
import static dev.mamori.autograd.Gradients.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Packed multi-head self-attention: float64 gradients, and the fused float32 kernel against the op-by-op path. */
class AttentionGradientTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        // float64 takes the op-by-op path; the float32 half of the check runs the fused kernel (off by default: turned on)
        withAttentionKernel(() -> {
            assertThat(CpuKernels.enabled("attention")).isTrue();
            assertGradientsMatch("attention 2 heads", v -> Attention.packedSelfAttention(v.get(0), 2, 0.5, null), uniform(61, -1, 1, 2, 3, 12));
            assertGradientsMatch("attention 1 head", v -> Attention.packedSelfAttention(v.get(0), 1, 0.3, null), uniform(62, -1, 1, 3, 5, 6));
        });
        assertGradientsMatch("attention 2 heads, default path", v -> Attention.packedSelfAttention(v.get(0), 2, 0.5, null), uniform(61, -1, 1, 2, 3, 12));
    }

    /** The attention kernel is off unless named in -Dmamori.kernels.on (measured slower); -Dmamori.kernels.off wins. */
    @Test
    void theAttentionKernelIsOptIn() {
        assertThat(CpuKernels.enabled("attention")).isFalse();
        assertThat(CpuKernels.enabled("layer_norm")).isTrue();
        withAttentionKernel(() -> {
            assertThat(CpuKernels.enabled("attention")).isTrue();
            String before = System.getProperty("mamori.kernels.off");
            System.setProperty("mamori.kernels.off", "attention");
            try {
                assertThat(CpuKernels.enabled("attention")).isFalse();
            } finally {
                if (before == null) System.clearProperty("mamori.kernels.off");
                else System.setProperty("mamori.kernels.off", before);
            }
        });
    }

    private static void withAttentionKernel(Runnable body) {
        String before = System.getProperty("mamori.kernels.on");
        System.setProperty("mamori.kernels.on", "attention");
        try {
            body.run();
        } finally {
            if (before == null) System.clearProperty("mamori.kernels.on");
            else System.setProperty("mamori.kernels.on", before);
        }
    }

    /** The kernel against the op-by-op path (forced by an identity on the probabilities) on odd sizes. */
    @Test
    void kernelMatchesOpByOp() {
        int[][] cases = {{2, 50, 4, 24}, {3, 7, 3, 5}, {1, 1, 2, 4}, {5, 17, 1, 9}};
        for (int[] c : cases) {
            int b = c[0], n = c[1], heads = c[2], d = c[3];
            INDArray qkv = uniform(63 + n, -2, 2, b, n, 3L * heads * d);
            double scale = Math.pow(d, -0.5);
            withAttentionKernel(() -> assertPathsAgree("attention B=" + b + " N=" + n + " H=" + heads + " D=" + d,
                    v -> Attention.packedSelfAttention(v.get(0), heads, scale, null),
                    v -> Attention.packedSelfAttention(v.get(0), heads, scale, t -> t), qkv));
        }
    }

    @Test
    void inferenceWithoutTapeGivesTheSameValues() {
        INDArray qkv = uniform(70, -1, 1, 2, 9, 24).castTo(DataType.FLOAT);
        INDArray withTape = Attention.packedSelfAttention(Tensor.variable(qkv), 2, 0.4, null).value();
        INDArray without;
        try (GradMode.Scope off = GradMode.noGrad()) {
            without = Attention.packedSelfAttention(Tensor.variable(qkv), 2, 0.4, null).value();
        }
        assertClose("no-grad attention", without, withTape, 0, 0);
    }

    @Test
    void probabilitiesHookSeesEveryHead() {
        Tensor qkv = Tensor.of(uniform(71, -1, 1, 2, 4, 18).castTo(DataType.FLOAT));
        long[][] seen = new long[1][];
        Attention.packedSelfAttention(qkv, 3, 1.0, p -> {
            seen[0] = p.shape();
            return p;
        });
        assertThat(seen[0]).containsExactly(2, 3, 4, 4);
        assertThatThrownBy(() -> Attention.packedSelfAttention(qkv, 4, 1.0, null)).hasMessageContaining("4 heads");
    }
}
