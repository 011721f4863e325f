package dev.mamori.nn.layers;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.nn.Module;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.function.Function;

import static dev.mamori.nn.NnTesting.assertFloat32AgreesWithFloat64;
import static dev.mamori.nn.NnTesting.assertLayerGradients;
import static dev.mamori.nn.NnTesting.toFloat64;
import static dev.mamori.nn.NnTesting.uniform;
import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The building blocks of diffusion models and GANs: float64 gradients of inputs and parameters against central
 * differences, float32 against float64, parameter names, and the properties their papers state. PyTorch parity is
 * in LayerParityTest.
 */
class GenerativeLayerTest {

    private static void checkBoth(String what, Module m, Function<List<Tensor>, Tensor> forward, INDArray... inputs) {
        assertFloat32AgreesWithFloat64(what, m, forward, inputs);
        assertLayerGradients(what, m, forward, inputs);
    }

    @Test
    void modulatedConvolutionGradients() {
        INDArray x = uniform(1, -1, 1, 2, 3, 5, 5), w = uniform(2, -1, 1, 2, 4);
        for (int kernel : new int[]{3, 1}) {
            for (boolean demodulate : new boolean[]{true, false}) {
                ModulatedConv2d m = new ModulatedConv2d(3, 4, kernel, 4, demodulate);
                checkBoth("ModulatedConv2d k" + kernel + " demodulate " + demodulate, m, v -> m.call(v.get(0), v.get(1)), x, w);
            }
        }
    }

    /** Eqs. 1-3 literally: per-sample weights w'' = d s w, one convolution per sample; the layer never builds them. */
    @Test
    void modulatedConvolutionEqualsConvolvingWithPerSampleWeights() {
        ModulatedConv2d m = toFloat64(new ModulatedConv2d(3, 4, 3, 5, true));
        INDArray x = uniform(3, -1, 1, 2, 3, 6, 6), w = uniform(4, -1, 1, 2, 5);
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray out = m.call(Tensor.of(x), Tensor.of(w)).value();
            INDArray styles = m.styles(Tensor.of(w)).value();                       // [2, 3]
            for (int b = 0; b < 2; b++) {
                INDArray wb = m.weight.value().dup();                               // [4, 3, 3, 3]
                for (int i = 0; i < 3; i++) {
                    wb.get(NDArrayIndex.all(), NDArrayIndex.point(i)).muli(styles.getDouble(b, i));
                }
                for (int o = 0; o < 4; o++) {
                    INDArray wo = wb.get(NDArrayIndex.point(o));
                    wo.divi(Math.sqrt(wo.mul(wo).sumNumber().doubleValue() + 1e-8));
                }
                INDArray xb = x.get(NDArrayIndex.interval(b, b + 1)).dup();
                INDArray want = Convolutions.conv2d(Tensor.of(xb), Tensor.of(wb), null, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1).value();
                assertThat(values(out.get(NDArrayIndex.interval(b, b + 1)).dup())).containsExactly(values(want), within(1e-12));
            }
        }
        assertThat(m.stateDict().keySet()).containsExactly("weight", "affine.weight", "affine.bias");
    }

    @Test
    void demodulationRestoresUnitOutputScale() {
        // eq. 2-3: with i.i.d. unit-variance input, the demodulated output has unit variance whatever the style scale
        ModulatedConv2d m = new ModulatedConv2d(16, 8, 3, 4, true);
        INDArray w = uniform(5, -1, 1, 64, 4);
        INDArray x = Nd4j.getRandomFactory().getNewRandomInstance(6).nextGaussian(new long[]{64, 16, 12, 12}).castTo(DataType.FLOAT);
        m.affine.bias.value().assign(7.0); // large styles: without demodulation the output scale would follow them
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray y = m.call(Tensor.of(x), Tensor.of(w.castTo(DataType.FLOAT))).value()
                    .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 11), NDArrayIndex.interval(1, 11)); // away from the zero padding
            assertThat(y.dup().varNumber().doubleValue()).isCloseTo(1.0, within(0.05));
        }
    }

    @Test
    void resnetBlockGradientsAndNames() {
        // small sizes: every parameter element costs two forward passes
        INDArray x = uniform(7, -1, 1, 2, 2, 3, 3), temb = uniform(8, -1, 1, 2, 3);
        ResnetBlock2D changing = new ResnetBlock2D(2, 4, 3, ResnetBlock2D.options().groups(2).eps(1e-5));
        checkBoth("ResnetBlock2D 2 -> 4 with temb", changing, v -> changing.call(v.get(0), v.get(1)), x, temb);
        assertThat(changing.stateDict().keySet()).containsExactly("norm1.weight", "norm1.bias", "conv1.weight", "conv1.bias",
                "time_emb_proj.weight", "time_emb_proj.bias", "norm2.weight", "norm2.bias", "conv2.weight", "conv2.bias",
                "conv_shortcut.weight", "conv_shortcut.bias");

        ResnetBlock2D same = new ResnetBlock2D(2, 2, 0, ResnetBlock2D.options().groups(2));
        checkBoth("ResnetBlock2D 2 -> 2 without temb (identity shortcut)", same, v -> same.call(v.get(0)), x);
        assertThat(same.stateDict().keySet()).noneMatch(k -> k.startsWith("conv_shortcut") || k.startsWith("time_emb_proj"));
        assertThatThrownBy(() -> same.call(Tensor.of(x), Tensor.of(temb))).hasMessageContaining("temb channels 0");
    }

    @Test
    void resnetBlockWithZeroResidualBranchIsItsShortcut() {
        ResnetBlock2D block = new ResnetBlock2D(4, 4, 3, ResnetBlock2D.options().groups(2));
        block.conv2.weight.value().assign(0);
        block.conv2.bias.value().assign(0);
        INDArray x = uniform(9, -1, 1, 1, 4, 3, 3).castTo(DataType.FLOAT);
        INDArray y = block.call(Tensor.of(x), Tensor.of(uniform(10, -1, 1, 1, 3).castTo(DataType.FLOAT))).value();
        assertThat(values(y)).containsExactly(values(x), within(1e-7));
    }

    @Test
    void transformerBlockGradientsAndNames() {
        BasicTransformerBlock block = new BasicTransformerBlock(4, 2, 2, 3, BasicTransformerBlock.options().ffInner(6));
        INDArray x = uniform(11, -1, 1, 2, 3, 4), ctx = uniform(12, -1, 1, 2, 2, 3);
        checkBoth("BasicTransformerBlock", block, v -> block.call(v.get(0), v.get(1)), x, ctx);
        assertThat(block.stateDict().keySet()).containsExactly(
                "norm1.weight", "norm1.bias",
                "attn1.to_q.weight", "attn1.to_k.weight", "attn1.to_v.weight", "attn1.to_out.0.weight", "attn1.to_out.0.bias",
                "norm2.weight", "norm2.bias",
                "attn2.to_q.weight", "attn2.to_k.weight", "attn2.to_v.weight", "attn2.to_out.0.weight", "attn2.to_out.0.bias",
                "norm3.weight", "norm3.bias",
                "ff.net.0.proj.weight", "ff.net.0.proj.bias", "ff.net.2.weight", "ff.net.2.bias");
        assertThat(block.ff.geglu.proj.weight.shape()).containsExactly(12, 4);
        assertThatThrownBy(() -> block.call(Tensor.of(x), null)).hasMessageContaining("needs a context");
    }

    @Test
    void gegluGatesTheFirstHalfWithTheGeluOfTheSecond() {
        Geglu g = toFloat64(new Geglu(3, 2));
        INDArray x = uniform(13, -1, 1, 4, 3);
        INDArray h = x.mmul(g.proj.weight.value().transpose()).addRowVector(g.proj.bias.value());  // [4, 4]
        INDArray y = g.call(Tensor.of(x)).value();
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < 2; j++) {
                double a = h.getDouble(r, j), gate = h.getDouble(r, j + 2);
                double gelu = 0.5 * gate * (1 + erf(gate / Math.sqrt(2)));
                assertThat(y.getDouble(r, j)).isCloseTo(a * gelu, within(1e-6));
            }
        }
        checkBoth("Geglu", g, v -> g.call(v.get(0)), x);
    }

    @Test
    void sinusoidalTimestepEmbeddingFollowsDiffusersConventions() {
        INDArray t = Nd4j.createFromArray(new long[]{0, 3, 999});
        SinusoidalTimestepEmbedding sd = new SinusoidalTimestepEmbedding(8, SinusoidalTimestepEmbedding.options().flipSinToCos(true).downscaleFreqShift(0));
        INDArray e = sd.call(Tensor.of(t)).value();
        assertThat(e.shape()).containsExactly(3, 8);
        assertThat(e.dataType()).isEqualTo(DataType.FLOAT);
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 4; i++) {
                double arg = t.getDouble(n) * Math.exp(-Math.log(10000) * i / 4.0);
                assertThat(e.getDouble(n, i)).as("cos first").isCloseTo(Math.cos(arg), within(5e-4));
                assertThat(e.getDouble(n, 4 + i)).isCloseTo(Math.sin(arg), within(5e-4));
            }
        }
        // get_timestep_embedding's defaults: sin first, frequencies over half - 1; an odd dim ends in a zero column
        SinusoidalTimestepEmbedding plain = new SinusoidalTimestepEmbedding(9, SinusoidalTimestepEmbedding.options());
        INDArray p = plain.embed(t);
        assertThat(p.shape()).containsExactly(3, 9);
        double arg = 3 * Math.exp(-Math.log(10000) * 3 / 3.0);
        assertThat(p.getDouble(1, 3)).isCloseTo(Math.sin(arg), within(1e-6));
        assertThat(p.getDouble(1, 7)).isCloseTo(Math.cos(arg), within(1e-6));
        assertThat(values(p.getColumn(8))).containsOnly(0.0);
        assertThat(values(plain.embed(Nd4j.createFromArray(2.5f)))).as("float timesteps").hasSize(9);
        assertThatThrownBy(() -> new SinusoidalTimestepEmbedding(2, SinusoidalTimestepEmbedding.options()))
                .hasMessageContaining("must exceed downscale_freq_shift");
    }

    @Test
    void timestepEmbeddingProjectionGradientsAndNames() {
        TimestepEmbedding te = new TimestepEmbedding(4, 6);
        checkBoth("TimestepEmbedding", te, v -> te.call(v.get(0)), uniform(14, -1, 1, 3, 4));
        assertThat(te.stateDict().keySet()).containsExactly("linear_1.weight", "linear_1.bias", "linear_2.weight", "linear_2.bias");
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse here; a series that converges for the small arguments used. */
    private static double erf(double x) {
        double sum = 0, term = x;
        for (int n = 0; n < 60; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
