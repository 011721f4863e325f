package dev.mamori.nn;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.CrossAttention;
import dev.mamori.nn.layers.Dropout;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Mlp;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.Residual;
import dev.mamori.nn.layers.SelfAttention;
import dev.mamori.nn.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.mamori.nn.NnTesting.uniform;
import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Names, modes, counts, summaries, freezing, hooks and activation capture of module trees. */
class ModuleTest {

    /** timm's ViT block: norm1, attn (qkv, proj), norm2, mlp (fc1, act, fc2). */
    static final class Block extends Module {
        final LayerNorm norm1 = register("norm1", new LayerNorm(4));
        final SelfAttention attn = register("attn", new SelfAttention(4, 2));
        final LayerNorm norm2 = register("norm2", new LayerNorm(4));
        final Mlp mlp = register("mlp", new Mlp(4, 8, 4));

        @Override
        protected Tensor forward(Tensor x) {
            Tensor h = x.add(attn.call(norm1.call(x)));
            return h.add(mlp.call(norm2.call(h)));
        }
    }

    /** A tiny timm-style transformer: blocks.N, norm, head. */
    static final class TinyVit extends Module {
        final ModuleList<Block> blocks = register("blocks", new ModuleList<>());
        final LayerNorm norm;
        final Linear head;

        TinyVit() {
            blocks.add(new Block()).add(new Block());
            norm = register("norm", new LayerNorm(4));
            head = register("head", new Linear(4, 3));
        }

        @Override
        protected Tensor forward(Tensor x) {
            for (Block b : blocks) x = b.call(x);
            return head.call(norm.call(x).mean(false, 1));
        }
    }

    private static List<String> blockNames(String p) {
        return List.of(p + "norm1.weight", p + "norm1.bias", p + "attn.qkv.weight", p + "attn.qkv.bias", p + "attn.proj.weight",
                p + "attn.proj.bias", p + "norm2.weight", p + "norm2.bias", p + "mlp.fc1.weight", p + "mlp.fc1.bias",
                p + "mlp.fc2.weight", p + "mlp.fc2.bias");
    }

    @Test
    void parameterNamesEqualPyTorchStateDictNames() {
        TinyVit vit = new TinyVit();
        List<String> expected = new java.util.ArrayList<>(blockNames("blocks.0."));
        expected.addAll(blockNames("blocks.1."));
        expected.addAll(List.of("norm.weight", "norm.bias", "head.weight", "head.bias"));
        // the order of PyTorch's named_parameters(): pre-order over modules, each module's own parameters
        assertThat(vit.namedParameters().keySet()).containsExactlyElementsOf(expected);
        assertThat(vit.parameter("blocks.1.attn.qkv.weight").shape()).containsExactly(12, 4);
        assertThat(vit.module("blocks.1.mlp")).isInstanceOf(Mlp.class);

        // nn.Sequential(Conv2d, BatchNorm2d, ReLU, Residual(Sequential(Conv2d, GELU))) and diffusers' Attention
        Sequential seq = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), Activation.relu(),
                new Residual(new Sequential(new Conv2d(4, 4, 1), Activation.gelu())));
        assertThat(seq.stateDict().keySet()).containsExactlyInAnyOrder("0.weight", "0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.fn.0.weight", "3.fn.0.bias");
        assertThat(new CrossAttention(4, 6, 2, 3).namedParameters().keySet()).containsExactly(
                "to_q.weight", "to_k.weight", "to_v.weight", "to_out.0.weight", "to_out.0.bias");
        assertThat(seq.stateDict().get("1.num_batches_tracked").dataType()).isEqualTo(DataType.INT64);
        assertThatThrownBy(() -> vit.module("blocks.7")).hasMessageContaining("no module 'blocks.7'");
        assertThatThrownBy(() -> vit.parameter("head.gamma")).hasMessageContaining("no parameter 'head.gamma'");
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        TinyVit vit = new TinyVit();
        assertThat(vit.namedModules().values()).allMatch(Module::isTraining);
        vit.eval();
        assertThat(vit.namedModules().values()).noneMatch(Module::isTraining);
        vit.module("blocks.0").train();
        assertThat(vit.module("blocks.0.attn.qkv").isTraining()).isTrue();
        assertThat(vit.module("blocks.1.attn.qkv").isTraining()).isFalse();
        assertThat(vit.isTraining()).isFalse();
    }

    @Test
    void dropoutAndBatchNormFollowTheMode() {
        Sequential m = new Sequential(new BatchNorm2d(2), new Dropout(0.5));
        Tensor x = Tensor.of(uniform(1, -1, 1, 4, 2, 2, 2).castTo(DataType.FLOAT));
        m.eval();
        // eval: running statistics are the initial (mean 0, var 1), dropout is the identity
        assertThat(values(m.call(x).value())).containsExactly(values(x.value().div(Math.sqrt(1 + 1e-5))), within(1e-6));
        m.train();
        double[] y = values(m.call(x).value());
        assertThat(java.util.Arrays.stream(y).filter(v -> v == 0).count()).isGreaterThan(3);
    }

    @Test
    void parameterCountsAndSummary() {
        Sequential m = new Sequential(new Linear(3, 4), Activation.relu(), new Conv2d(2, 4, 3), new BatchNorm2d(4));
        assertThat(m.parameterCount()).isEqualTo((3 * 4 + 4) + (4 * 2 * 9 + 4) + 8);
        TinyVit vit = new TinyVit();
        long block = (4 + 4) + (12 * 4 + 12) + (4 * 4 + 4) + (4 + 4) + (8 * 4 + 8) + (4 * 8 + 4);
        assertThat(vit.parameterCount()).isEqualTo(2 * block + 8 + 15);
        vit.freeze("blocks.*");
        assertThat(vit.trainableParameterCount()).isEqualTo(8 + 15);
        String summary = vit.summary();
        assertThat(summary).contains("blocks.1.attn.qkv").contains("head").contains("Linear(in=4, out=3)")
                .contains(String.format("total parameters: %,d (trainable %,d)", 2 * block + 23, 23));
        assertThat(summary.lines().filter(l -> l.startsWith("blocks.0.attn.qkv ")).findFirst().orElseThrow()).endsWith("60");
    }

    @Test
    void freezingWithGlobs() {
        TinyVit vit = new TinyVit();
        assertThat(vit.freeze("blocks.?.attn.*")).isEqualTo(8);
        assertThat(vit.trainableParameters().keySet()).noneMatch(n -> n.contains(".attn."));
        assertThat(vit.unfreeze("blocks.1.*")).isEqualTo(12);
        assertThat(vit.trainableParameters()).containsKey("blocks.1.attn.qkv.weight").doesNotContainKey("blocks.0.attn.qkv.weight");
        assertThatThrownBy(() -> vit.freeze("encoder.*")).hasMessageContaining("no parameter matches 'encoder.*'");
        // '.' in a glob is literal
        assertThatThrownBy(() -> vit.freeze("blocks0*")).hasMessageContaining("no parameter matches");
    }

    @Test
    void frozenParametersGetNoGradientButTheInputGradientIsUnchanged() {
        dev.mamori.nn.init.Init.seed(5);
        TinyVit vit = new TinyVit();
        INDArray xv = uniform(2, -1, 1, 2, 3, 4).castTo(DataType.FLOAT);
        Tensor x1 = Tensor.variable(xv.dup());
        INDArray inputGradLive = Autograd.grad(vit.call(x1).sum(), x1);

        vit.freeze("blocks.0.*");
        vit.call(Tensor.of(xv)).sum().backward();
        assertThat(vit.parameter("blocks.0.attn.qkv.weight").grad()).isNull();
        assertThat(vit.parameter("blocks.1.attn.qkv.weight").grad()).isNotNull();
        assertThat(vit.parameter("head.weight").grad()).isNotNull();

        vit.zeroGrad();
        vit.freeze("*");
        Tensor x2 = Tensor.variable(xv.dup());
        vit.call(x2).sum().backward();
        assertThat(vit.parameters()).allMatch(p -> p.grad() == null);
        assertThat(values(x2.grad())).containsExactly(values(inputGradLive), within(1e-6));
    }

    @Test
    void forwardHooksSeeAndReplaceOutputsUntilRemoved() throws Exception {
        Linear lin = new Linear(3, 2);
        Tensor x = Tensor.of(uniform(3, -1, 1, 1, 3).castTo(DataType.FLOAT));
        INDArray plain = lin.call(x).value().dup();
        AutoCloseable doubling = lin.addForwardHook(t -> t.mul(2.0));
        assertThat(values(lin.call(x).value())).containsExactly(values(plain.mul(2)), within(1e-6));
        doubling.close();
        assertThat(values(lin.call(x).value())).containsExactly(values(plain), within(1e-7));
    }

    @Test
    void activationCaptureReadsOutputsAndTheirGradients() {
        Sequential m = new Sequential(new Linear(3, 4), Activation.relu(), new Linear(4, 2));
        Tensor x = Tensor.of(uniform(4, -1, 1, 2, 3).castTo(DataType.FLOAT));
        try (ActivationCapture cap = ActivationCapture.of(m, "0", "1")) {
            assertThatThrownBy(() -> cap.get("1")).hasMessageContaining("has not run");
            Tensor out = m.call(x);
            INDArray h = ((Linear) m.get(0)).call(x).value();
            assertThat(values(cap.get("0"))).containsExactly(values(h), within(1e-6));
            assertThat(values(cap.get("1"))).containsExactly(values(org.nd4j.linalg.ops.transforms.Transforms.relu(h, true)), within(1e-6));
            // d sum(out) / d relu-output = column sums of the last layer's weight, for every row
            INDArray g = Autograd.grad(out.sum(), cap.tensor("1"));
            INDArray w2sum = ((Linear) m.get(2)).weight.value().sum(0);
            assertThat(values(g.getRow(1))).containsExactly(values(w2sum), within(1e-6));
        }
        // closed: hooks gone, nothing more is recorded
        assertThat(m.get(1).call(x).shape()).containsExactly(2, 3);
    }

    @Test
    void inputCaptureReadsWhatALayerReadsAndPreHooksCanReplaceIt() {
        Sequential m = new Sequential(new Linear(3, 4), Activation.relu(), new Linear(4, 2));
        Tensor x = Tensor.of(uniform(6, -1, 1, 2, 3).castTo(DataType.FLOAT));
        INDArray before = m.call(x).value().dup();
        try (ActivationCapture cap = ActivationCapture.inputsOf(m, "2", "0")) {
            m.call(x);
            INDArray h = ((Linear) m.get(0)).call(x).value();
            assertThat(values(cap.get("2"))).containsExactly(values(org.nd4j.linalg.ops.transforms.Transforms.relu(h, true)), within(1e-6));
            assertThat(values(cap.get("0"))).containsExactly(values(x.value()), within(1e-9));
        }
        Linear last = (Linear) m.get(2);
        AutoCloseable zeroIn = last.addForwardPreHook(t -> t.mul(0.0));
        INDArray out = m.call(x).value();
        assertThat(values(out.getRow(1))).containsExactly(values(last.bias.value()), within(1e-7));
        assertThatCode(zeroIn::close).doesNotThrowAnyException();
        assertThat(values(m.call(x).value())).containsExactly(values(before), within(1e-7));
    }

    /**
     * An eval-mode GELU, BatchNorm2d pair in a Sequential runs as one fused op with the values of the two modules one
     * after the other; a hook or pre-hook on either turns the fusion off, and a hook on the GELU sees its output.
     */
    @Test
    void geluBatchNormPairFusesInEvalModeOnlyWithoutHooks() throws Exception {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.runningMean.value().assign(uniform(7, -0.5, 0.5, 3).castTo(DataType.FLOAT));
        bn.runningVar.value().assign(uniform(8, 0.5, 2, 3).castTo(DataType.FLOAT));
        bn.weight.value().assign(uniform(9, 0.5, 1.5, 3).castTo(DataType.FLOAT));
        bn.bias.value().assign(uniform(10, -1, 1, 3).castTo(DataType.FLOAT));
        Activation gelu = Activation.gelu();
        Sequential m = new Sequential(gelu, bn);
        m.eval();
        Tensor x = Tensor.of(uniform(11, -3, 3, 2, 3, 5, 4).castTo(DataType.FLOAT));
        INDArray separate = bn.call(gelu.call(x)).value();
        assertThat(bn.fusesAfter(gelu)).isTrue();
        assertThat(values(m.call(x).value())).containsExactly(values(separate), within(1e-5));
        INDArray[] seen = new INDArray[1];
        try (AutoCloseable hook = gelu.addForwardHook(t -> {
            seen[0] = t.value();
            return t;
        })) {
            assertThat(bn.fusesAfter(gelu)).isFalse();
            assertThat(values(m.call(x).value())).containsExactly(values(separate), within(1e-5));
            assertThat(values(seen[0])).containsExactly(values(gelu.call(x).value()), within(1e-7));
        }
        try (AutoCloseable pre = bn.addForwardPreHook(t -> t.mul(0.0))) {
            assertThat(bn.fusesAfter(gelu)).isFalse();
            assertThat(values(m.call(x).value())).containsExactly(values(bn.call(Tensor.of(x.value().mul(0))).value()), within(1e-6));
        }
        m.train();
        assertThat(bn.fusesAfter(gelu)).isFalse();
    }

    /**
     * A Residual around [conv, GELU, BatchNorm2d] in eval mode fuses its addition into the GELU, BatchNorm2d op: the same
     * values and input gradient as fn(x) + x computed separately; a hook on the wrapped Sequential keeps them separate.
     */
    @Test
    void residualAdditionFusesIntoTheGeluBatchNormPair() throws Exception {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.runningMean.value().assign(uniform(12, -0.5, 0.5, 3).castTo(DataType.FLOAT));
        bn.runningVar.value().assign(uniform(13, 0.5, 2, 3).castTo(DataType.FLOAT));
        bn.bias.value().assign(uniform(14, -1, 1, 3).castTo(DataType.FLOAT));
        Sequential fn = new Sequential(new Conv2d(3, 3, 3, Conv2d.options().groups(3).samePadding()), Activation.gelu(), bn);
        Residual block = new Residual(fn);
        block.eval();
        INDArray x = uniform(15, -2, 2, 2, 3, 5, 4).castTo(DataType.FLOAT);
        INDArray up = uniform(16, -1, 1, 2, 3, 5, 4).castTo(DataType.FLOAT);
        Tensor fusedIn = Tensor.variable(x), separateIn = Tensor.variable(x);
        Tensor fused = block.call(fusedIn), separate = fn.call(separateIn).add(separateIn);
        assertThat(values(fused.value())).containsExactly(values(separate.value()), within(1e-5));
        INDArray gFused = Autograd.grad(fused, up, List.of(fusedIn)).get(0), gSeparate = Autograd.grad(separate, up, List.of(separateIn)).get(0);
        assertThat(values(gFused)).containsExactly(values(gSeparate), within(1e-5));
        try (AutoCloseable hook = fn.addForwardHook(t -> t.mul(0.0))) {
            assertThat(values(block.call(Tensor.of(x)).value())).containsExactly(values(x), within(1e-7));
        }
    }

    @Test
    void replacingAnActivationChangesTheOutputAsExpected() {
        Sequential m = new Sequential(new Linear(3, 4), Activation.relu(), new Linear(4, 2));
        Linear last = (Linear) m.get(2);
        Tensor x = Tensor.of(uniform(5, -1, 1, 2, 3).castTo(DataType.FLOAT));
        INDArray before = m.call(x).value().dup();
        try (ActivationCapture zero = ActivationCapture.replacing(m, "1", t -> t.mul(0.0))) {
            // with the hidden activation zeroed the output is the last layer's bias on every row
            INDArray out = m.call(x).value();
            assertThat(values(out.getRow(0))).containsExactly(values(last.bias.value()), within(1e-7));
            assertThat(values(out.getRow(1))).containsExactly(values(last.bias.value()), within(1e-7));
            assertThat(zero.get("1").sumNumber().doubleValue()).isZero();
        }
        try (ActivationCapture twice = ActivationCapture.replacing(m, "1", t -> t.mul(2.0))) {
            // W (2h) + b = 2 (W h + b) - b
            INDArray expected = before.mul(2).subRowVector(last.bias.value());
            assertThat(values(m.call(x).value())).containsExactly(values(expected), within(1e-5));
        }
        assertThat(values(m.call(x).value())).containsExactly(values(before), within(1e-7));
    }

    @Test
    void memberNamesAreChecked() {
        assertThatThrownBy(() -> new Module() {
            { register("a.b", new Linear(1, 1)); }
        }).hasMessageContaining("invalid module member name 'a.b'");
        assertThatThrownBy(() -> new Module() {
            { register("x", new Linear(1, 1)); registerParameter("x", org.nd4j.linalg.factory.Nd4j.zeros(1)); }
        }).hasMessageContaining("already has a member named 'x'");
    }

    /** A module that takes over another's layer and parameter shares the very tensors (PyTorch's register_parameter). */
    @Test
    void aSharedParameterIsTheSameTensorInBothModules() {
        Linear owner = new Linear(3, 2);
        final class Taker extends Module {
            Taker(Linear from) {
                registerParameter("w", from.weight);
                register("layer", from);
            }
        }
        Taker taker = new Taker(owner);
        assertThat(taker.namedParameters().get("w")).isSameAs(owner.weight);
        assertThat(taker.namedParameters().get("layer.bias")).isSameAs(owner.bias);
        INDArray w = uniform(1, -1, 1, 2, 3);
        taker.loadStateDict(java.util.Map.of("w", w, "layer.weight", w, "layer.bias", uniform(2, -1, 1, 2)), true);
        assertThat(owner.weight.value().castTo(DataType.DOUBLE).equalsWithEps(w.castTo(DataType.DOUBLE), 1e-6)).isTrue();
        taker.freeze("w");
        assertThat(owner.weight.requiresGrad()).isFalse();
        Tensor computed = owner.bias.add(owner.bias);
        final class Bad extends Module {
            Bad() {
                registerParameter("p", computed);
            }
        }
        assertThatThrownBy(Bad::new).hasMessageContaining("leaf");
    }
}
