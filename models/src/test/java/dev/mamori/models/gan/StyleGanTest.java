package dev.mamori.models.gan;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StyleGanTest {

    /** A few channels per level, so every resolution builds in milliseconds. */
    static StyleGanConfig tiny(int resolution) {
        int levels = StyleGanConfig.levels(resolution);
        int[] g = new int[levels], d = new int[levels];
        for (int i = 0; i < levels; i++) {
            g[i] = 8;
            d[i] = 4;
        }
        return new StyleGanConfig(resolution, 3, 8, 8, 2, g, d, 0.9);
    }

    static Tensor z(long seed, int n, int dim) {
        return Tensor.of(GanArrays.normal(new SplittableRandom(seed), n, dim));
    }

    @Test
    void benchConfigurationHasTheSuitesParameterCounts() {
        StyleGan2 gan = (StyleGan2) ModelRegistry.create("stylegan2_bench_32", StyleGan2.class);
        assertThat(gan.generator.parameterCount()).isEqualTo(946_548);
        assertThat(gan.discriminator.parameterCount()).isEqualTo(870_433);
        assertThat(gan.parameterCount()).isEqualTo(1_816_981);
        assertThat(gan.generator.synthesis.parameter("blocks.0.conv0.noise_strength").shape()).containsExactly(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 64})
    void generatorAndDiscriminatorShapesPerResolution(int resolution) {
        StyleGanConfig c = tiny(resolution);
        StyleGan2 gan = new StyleGan2(c);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor img = gan.generator.call(z(1, 2, c.zDim()), 1.0, NoiseInput.seeded(3));
            assertThat(img.shape()).containsExactly(2, 3, resolution, resolution);
            assertThat(gan.discriminator.call(img).shape()).containsExactly(2, 1);
        }
        assertThat(c.numWs()).isEqualTo(2 * c.blocks() + 1);
    }

    @Test
    void truncationAtPsiZeroGivesTheMeanImage() {
        StyleGanConfig c = tiny(16);
        Generator g = new Generator(c);
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < 5; i++) g.mapping.trackAverage(g.mapping.call(z(10 + i, 16, c.zDim())).value());
            INDArray wAvg = g.mapping.averageW();
            assertThat(wAvg.norm2Number().doubleValue()).isGreaterThan(0);
            INDArray a = g.call(z(1, 3, c.zDim()), 0.0, NoiseInput.NONE).value();
            INDArray b = g.call(z(2, 3, c.zDim()), 0.0, NoiseInput.NONE).value();
            INDArray mean = g.synthesis.call(g.broadcast(Tensor.of(wAvg.reshape(1, c.wDim()))), NoiseInput.NONE).value();
            for (int i = 0; i < 3; i++) {
                assertThat(a.slice(i).equalsWithEps(mean.slice(0), 1e-5)).isTrue();
                assertThat(b.slice(i).equalsWithEps(mean.slice(0), 1e-5)).isTrue();
            }
            INDArray free = g.call(z(1, 3, c.zDim()), 1.0, NoiseInput.NONE).value();
            assertThat(free.slice(0).equalsWithEps(free.slice(1), 1e-5)).isFalse();
        }
    }

    @Test
    void styleMixingTakesEachLayersStyleFromItsLatent() {
        StyleGanConfig c = tiny(16);
        Generator g = new Generator(c);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor z1 = z(1, 2, c.zDim()), z2 = z(2, 2, c.zDim());
            INDArray only1 = g.call(z1, 1.0, NoiseInput.NONE).value();
            INDArray only2 = g.call(z2, 1.0, NoiseInput.NONE).value();
            assertThat(g.call(z1, z2, c.numWs(), 1.0, NoiseInput.NONE).value().equalsWithEps(only1, 1e-6)).isTrue();
            assertThat(g.call(z1, z2, 0, 1.0, NoiseInput.NONE).value().equalsWithEps(only2, 1e-6)).isTrue();
            INDArray mixed = g.call(z1, z2, 3, 1.0, NoiseInput.NONE).value();
            assertThat(mixed.equalsWithEps(only1, 1e-4)).isFalse();
            assertThat(mixed.equalsWithEps(only2, 1e-4)).isFalse();
            Tensor ws = g.mixStyles(g.styles(z1, 1), g.styles(z2, 1), 3);
            assertThat(ws.value().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2))
                    .equalsWithEps(g.mapping.call(z1).value(), 1e-6)).isTrue();
            assertThat(ws.value().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(3))
                    .equalsWithEps(g.mapping.call(z2).value(), 1e-6)).isTrue();
        }
    }

    @Test
    void noiseIsDrawnFromTheGivenSourceOnly() {
        StyleGanConfig c = tiny(8);
        Generator g = new Generator(c);
        for (var e : g.namedParameters().entrySet()) {
            if (e.getKey().endsWith("noise_strength")) e.getValue().value().assign(0.5);
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor z = z(1, 2, c.zDim());
            INDArray a = g.call(z, 1, NoiseInput.seeded(7)).value(), b = g.call(z, 1, NoiseInput.seeded(7)).value();
            INDArray other = g.call(z, 1, NoiseInput.seeded(8)).value();
            assertThat(a.equalsWithEps(b, 0)).isTrue();
            assertThat(a.equalsWithEps(other, 1e-4)).isFalse();
        }
    }

    @Test
    void anImageSizeTheNetworksWereNotBuiltForIsAClearError() {
        StyleGanConfig c = tiny(32);
        StyleGan2 gan = new StyleGan2(c);
        assertThatThrownBy(() -> gan.discriminator.call(Tensor.of(Nd4j.zeros(DataType.FLOAT, 2, 3, 64, 64))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discriminator was built for 3x32x32").hasMessageContaining("64, 64]");
        assertThatThrownBy(() -> gan.discriminator.call(Tensor.of(Nd4j.zeros(DataType.FLOAT, 2, 1, 32, 32))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built for 3x32x32");
        Tensor ws16 = new Generator(tiny(16)).styles(z(1, 2, 8), 1);
        assertThatThrownBy(() -> gan.generator.synthesis.call(ws16, NoiseInput.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32x32 generator");
        assertThatThrownBy(() -> new StyleGanConfig(48, 3, 8, 8, 2, new int[]{8, 8, 8, 8}, new int[]{4, 4, 4, 4}, 0.9))
                .hasMessageContaining("power of 2");
        assertThatThrownBy(() -> new StyleGanConfig(32, 3, 8, 8, 2, new int[]{8, 8, 8}, new int[]{4, 4, 4, 4}, 0.9))
                .hasMessageContaining("needs 4 block widths");
    }

    /** The synthesis layer with noise strength and bias 0 is leaky ReLU of stylegan2-ada's modulated_conv2d. */
    @Test
    void synthesisLayerMatchesTheModulatedConvolutionOracle() {
        OracleFixture f = OracleFixture.load("wave2/modulated_conv2d");
        SynthesisLayer layer = new SynthesisLayer(4, 5, 3, 6);
        layer.affine.weight.value().assign(f.tensor("param.affine.weight"));
        layer.affine.bias.value().assign(f.tensor("param.affine.bias"));
        layer.weight.value().assign(f.tensor("param.weight"));
        layer.noiseStrength.value().assign(0.25);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor out = layer.call(Tensor.of(f.tensor("input0")), Tensor.of(f.tensor("input1")), NoiseInput.NONE);
            INDArray want = Activations.leakyRelu(Tensor.of(f.tensor("output")), 0.2).value();
            assertThat(OracleFixture.compare("output", out.value(), want, f.atol(), f.rtol())).isEmpty();
        }
        OracleFixture g = OracleFixture.load("wave2/modulated_conv2d_nodemod");
        ToRgbLayer rgb = new ToRgbLayer(4, 3, 6);
        rgb.affine.weight.value().assign(g.tensor("param.affine.weight"));
        rgb.affine.bias.value().assign(g.tensor("param.affine.bias"));
        rgb.weight.value().assign(g.tensor("param.weight"));
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor out = rgb.call(Tensor.of(g.tensor("input0")), Tensor.of(g.tensor("input1")));
            assertThat(OracleFixture.compare("output", out.value(), g.tensor("output"), g.atol(), g.rtol())).isEmpty();
        }
    }
}
