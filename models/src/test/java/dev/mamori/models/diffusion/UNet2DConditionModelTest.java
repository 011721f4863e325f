package dev.mamori.models.diffusion;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UNet2DConditionModelTest {

    /** shared/bench/SUITE.md's `unet` table, module by module, under diffusers' names. */
    @Test
    void theBenchmarkConfigIsExactlyTheSuiteCase() {
        UNet2DConditionModel u = ModelRegistry.create("unet_bench_16", UNet2DConditionModel.class);
        assertThat(u.parameterCount()).isEqualTo(3_008_836);
        Map<String, Long> want = new LinkedHashMap<>();
        want.put("time_embedding", 82_432L);
        want.put("conv_in", 2_368L);
        want.put("down_blocks.0.resnets.0", 90_560L);
        want.put("down_blocks.0.downsamplers.0", 36_928L);
        want.put("down_blocks.1.resnets.0", 263_040L);
        want.put("down_blocks.1.attentions.0", 346_752L);
        want.put("down_blocks.1.attentions.0.transformer_blocks.0", 313_472L);
        want.put("mid_block.resnets.0", 328_576L);
        want.put("mid_block.attentions.0", 346_752L);
        want.put("mid_block.resnets.1", 328_576L);
        want.put("up_blocks.0.resnets.0", 509_184L);
        want.put("up_blocks.0.attentions.0", 346_752L);
        want.put("up_blocks.0.upsamplers.0", 147_584L);
        want.put("up_blocks.1.resnets.0", 176_896L);
        want.put("conv_norm_out", 128L);
        want.put("conv_out", 2_308L);
        want.forEach((path, n) -> assertThat(u.module(path).parameterCount()).as(path).isEqualTo(n));
        assertThat(u.downBlocks.get(0).attentions).as("no attention at 16x16").isNull();
    }

    @Test
    void predictsALatentOfTheInputShapeAndDependsOnTimeAndText() {
        UNet2DConditionModel u = tiny(SkipConnections.EVERY_LAYER);
        u.eval();
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 8, 8), ctx = Nd4j.randn(DataType.FLOAT, 2, 5, 16);
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray a = u.call(Tensor.of(x), new long[]{10, 500}, Tensor.of(ctx)).value();
            INDArray b = u.call(Tensor.of(x), new long[]{11, 500}, Tensor.of(ctx)).value();
            INDArray c = u.call(Tensor.of(x), new long[]{10, 500}, Tensor.of(ctx.mul(2))).value();
            assertThat(a.shape()).containsExactly(2, 4, 8, 8);
            assertThat(a.getRow(1).equalsWithEps(b.getRow(1), 1e-6)).as("row 1 has the same t").isTrue();
            assertThat(a.getRow(0).equalsWithEps(b.getRow(0), 1e-6)).as("row 0's t changed").isFalse();
            assertThat(a.equalsWithEps(c, 1e-6)).as("the text changes the prediction").isFalse();
        }
    }

    /** diffusers' EVERY_LAYER topology: up levels have layers_per_block + 1 resnets whose inputs add the skip channels. */
    @Test
    void diffusersTopologyHasStableDiffusionsNamesAndChannels() {
        UNet2DConditionModel u = tiny(SkipConnections.EVERY_LAYER);
        Map<String, Tensor> p = u.namedParameters();
        assertThat(p).containsKeys("time_embedding.linear_1.weight", "down_blocks.0.resnets.1.conv1.weight", "down_blocks.0.downsamplers.0.conv.weight",
                "down_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k.weight", "down_blocks.1.attentions.0.proj_in.weight",
                "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj.weight", "up_blocks.0.resnets.2.conv_shortcut.weight",
                "up_blocks.0.upsamplers.0.conv.weight", "up_blocks.1.attentions.2.norm.weight", "conv_norm_out.weight", "conv_out.bias");
        assertThat(p).doesNotContainKey("down_blocks.1.downsamplers.0.conv.weight").doesNotContainKey("up_blocks.1.upsamplers.0.conv.weight");
        // skips (finest first): conv_in 16, 16, 16, downsampler 16, then 32, 32; popped deepest first
        assertThat(u.upBlocks.get(0).resnets.get(0).inChannels).isEqualTo(32 + 32);
        assertThat(u.upBlocks.get(0).resnets.get(2).inChannels).isEqualTo(32 + 16);
        assertThat(u.upBlocks.get(1).resnets.get(0).inChannels).isEqualTo(32 + 16);
        assertThat(u.upBlocks.get(1).resnets.get(2).inChannels).isEqualTo(16 + 16);
        UNet2DConditionModel compact = tiny(SkipConnections.PER_LEVEL);
        assertThat(compact.upBlocks.get(0).resnets.size()).isEqualTo(2);
        assertThat(compact.upBlocks.get(0).resnets.get(1).inChannels).isEqualTo(32);
    }

    /**
     * The wave-2 layer fixtures run inside the UNet: their weights loaded under the UNet's full names into a UNet whose
     * blocks have the fixtures' sizes reproduce the fixtures' outputs and gradients through the UNet's own modules.
     */
    @Test
    void layerFixturesHoldInsideTheUNet() {
        OracleFixture res = OracleFixture.load("wave2/resnet_block2d"), tr = OracleFixture.load("wave2/transformer_block");
        // time embedding 32 = 4 c0 with c0 = 8; level widths 8 and 16 with 4 groups; 2 heads of 8 at the 16-wide level; context 12
        UNet2DConditionModel u = new UNet2DConditionModel(new UNet2DConditionModel.Config(4, 4, 8, new int[]{8, 16}, new boolean[]{false, true},
                1, 2, 12, 1, 4, 1e-5, false, SkipConnections.EVERY_LAYER));
        Module resnet = u.module("down_blocks.1.resnets.0");
        Module block = u.module("down_blocks.1.attentions.0.transformer_blocks.0");
        load(u, "down_blocks.1.resnets.0.", res);
        load(u, "down_blocks.1.attentions.0.transformer_blocks.0.", tr);
        u.eval();
        Tensor x = Tensor.variable(res.tensor("input0")), temb = Tensor.variable(res.tensor("input1"));
        Tensor out = ((dev.mamori.nn.layers.ResnetBlock2D) resnet).call(x, temb);
        assertThat(OracleFixture.compare("resnet output", out.value(), res.tensor("output"), res.atol(), res.rtol())).isEmpty();
        List<INDArray> g = Autograd.grad(out, res.tensor("upstream"), List.of(x, temb));
        assertThat(OracleFixture.compare("resnet grad.input0", g.get(0), res.tensor("grad.input0"), res.atol(), res.rtol())).isEmpty();
        Tensor h = Tensor.variable(tr.tensor("input0")), ctx = Tensor.variable(tr.tensor("input1"));
        Tensor y = ((dev.mamori.nn.layers.BasicTransformerBlock) block).call(h, ctx);
        assertThat(OracleFixture.compare("transformer output", y.value(), tr.tensor("output"), tr.atol(), tr.rtol())).isEmpty();
        List<INDArray> gy = Autograd.grad(y, tr.tensor("upstream"), List.of(h, ctx));
        assertThat(OracleFixture.compare("transformer grad.input1", gy.get(1), tr.tensor("grad.input1"), tr.atol(), tr.rtol())).isEmpty();
        OracleFixture te = OracleFixture.load("wave2/timestep_embedding");
        UNet2DConditionModel wide = new UNet2DConditionModel(new UNet2DConditionModel.Config(4, 4, 8, new int[]{32}, new boolean[]{false},
                1, 2, 12, 1, 4, 1e-5, false, SkipConnections.EVERY_LAYER));
        assertThat(OracleFixture.compare("time_proj", wide.timeProj.embed(te.tensor("input")), te.tensor("output"), te.atol(), te.rtol())).isEmpty();
    }

    @Test
    void badInputsAreNamed() {
        UNet2DConditionModel u = tiny(SkipConnections.EVERY_LAYER);
        assertThatThrownBy(() -> u.call(Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8)), new long[]{1}, Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 2, 16))))
                .hasMessageContaining("latents [B, 4, h, w]");
        assertThatThrownBy(() -> u.call(Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 4, 8, 8)), new long[]{1}, Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 2, 7))))
                .hasMessageContaining("context [1, M, 16]");
        assertThatThrownBy(() -> new UNet2DConditionModel.Config(4, 4, 8, new int[]{20}, new boolean[]{true}, 1, 4, 16, 1, 8, 1e-5, false,
                SkipConnections.EVERY_LAYER)).hasMessageContaining("not divisible by 8 groups");
    }

    static UNet2DConditionModel tiny(SkipConnections skips) {
        return new UNet2DConditionModel(new UNet2DConditionModel.Config(4, 4, 8, new int[]{16, 32}, new boolean[]{false, true}, 2, 2, 16, 1, 8,
                1e-5, false, skips));
    }

    private static void load(Module model, String prefix, OracleFixture f) {
        Map<String, INDArray> state = new LinkedHashMap<>(StateDicts.of(model));
        f.withPrefix("param.").forEach((k, v) -> {
            assertThat(state).as("UNet parameter " + prefix + k).containsKey(prefix + k);
            state.put(prefix + k, v);
        });
        StateDicts.load(model, state, true, f.name());
    }

    static List<String> names(Module m) {
        return new ArrayList<>(m.namedParameters().keySet());
    }
}
