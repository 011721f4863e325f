package dev.mamori.nn.adapters;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Mlp;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.SelfAttention;
import dev.mamori.nn.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mamori.nn.adapters.LoraLinearTest.maxAbsDiff;
import static dev.mamori.nn.adapters.LoraLinearTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lora.apply / merge on a small transformer and a conv stack, and Module.replace underneath them. */
class LoraTest {

    /** Two timm-named pre-norm blocks and a head: blocks.i.{norm1, attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}, head. */
    static final class TinyTransformer extends Module {
        final ModuleList<Block> blocks = register("blocks", new ModuleList<>());
        final Linear head;

        TinyTransformer() {
            blocks.add(new Block());
            blocks.add(new Block());
            head = register("head", new Linear(8, 3));
        }

        @Override
        protected Tensor forward(Tensor x) {
            for (Block b : blocks) x = b.call(x);
            return head.call(x.mean(false, 1));
        }
    }

    static final class Block extends Module {
        final LayerNorm norm1 = register("norm1", new LayerNorm(8, 1e-6));
        final SelfAttention attn = register("attn", new SelfAttention(8, 2));
        final LayerNorm norm2 = register("norm2", new LayerNorm(8, 1e-6));
        final Mlp mlp = register("mlp", new Mlp(8, 16, 8));

        @Override
        protected Tensor forward(Tensor x) {
            x = x.add(attn.call(norm1.call(x)));
            return x.add(mlp.call(norm2.call(x)));
        }
    }

    static Map<String, INDArray> copy(Map<String, INDArray> state) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    @Test
    void appliesToAttentionAndMlpProjectionsAndForwardUsesTheAdapters() {
        Init.seed(21);
        TinyTransformer model = new TinyTransformer();
        INDArray x = random(1, 2, 5, 8);
        INDArray before = model.call(Tensor.of(x)).value().dup();
        model.freeze("*");
        // a ViT's adapter targets (VisionTransformer.ADAPTER_TARGETS in dev.mamori.models)
        List<String> paths = Lora.apply(model, 2, 4, List.of("blocks.*.attn.qkv", "blocks.*.attn.proj", "blocks.*.mlp.fc1", "blocks.*.mlp.fc2"));
        assertThat(paths).containsExactly("blocks.0.attn.qkv", "blocks.0.attn.proj", "blocks.0.mlp.fc1", "blocks.0.mlp.fc2",
                "blocks.1.attn.qkv", "blocks.1.attn.proj", "blocks.1.mlp.fc1", "blocks.1.mlp.fc2");
        assertThat(model.blocks.get(0).attn.qkv).isInstanceOf(LoraLinear.class); // the field the forward pass uses
        assertThat(model.blocks.get(1).mlp.fc2).isInstanceOf(LoraLinear.class);
        assertThat(model.namedParameters()).containsKeys("blocks.0.attn.qkv.weight", "blocks.0.attn.qkv.lora_A", "blocks.1.mlp.fc2.lora_B");
        assertThat(model.trainableParameters().keySet()).allMatch(n -> n.endsWith(".lora_A") || n.endsWith(".lora_B")).hasSize(16);
        assertThat(Lora.adapterParameters(model)).hasSize(16);
        // B = 0: identical output
        assertThat(maxAbsDiff(model.call(Tensor.of(x)).value(), before)).isEqualTo(0.0);

        // gradients only on A and B (B is zero, so A's gradient is zero but present; B's is not zero)
        model.unfreeze("head.*"); // what a strategy may unfreeze
        model.call(Tensor.of(x)).sum().backward();
        model.namedParameters().forEach((n, p) -> {
            boolean wanted = n.endsWith(".lora_A") || n.endsWith(".lora_B") || n.startsWith("head.");
            assertThat(p.grad() != null).as(n).isEqualTo(wanted);
        });
        assertThat(model.parameter("blocks.1.attn.qkv.lora_B").grad().amaxNumber().doubleValue()).isGreaterThan(0);

        // an adapter that has learnt something changes the output; the forward pass really goes through it
        Lora.adapterParameters(model).forEach((n, p) -> {
            if (n.endsWith("lora_B")) p.value().assign(random(n.hashCode(), p.shape()).mul(0.3));
        });
        INDArray adapted = model.call(Tensor.of(x)).value().dup();
        assertThat(maxAbsDiff(adapted, before)).isGreaterThan(1e-3);

        // merging gives plain layers, timm's names, and the adapted outputs
        assertThat(Lora.merge(model)).isEqualTo(8);
        assertThat(model.blocks.get(0).attn.qkv).isExactlyInstanceOf(Linear.class);
        assertThat(Lora.adapterParameters(model)).isEmpty();
        assertThat(model.namedParameters().keySet()).noneMatch(n -> n.contains("lora"));
        assertThat(maxAbsDiff(model.call(Tensor.of(x)).value(), adapted)).isLessThan(1e-5);
        assertThat(model.parameter("blocks.0.attn.qkv.weight").requiresGrad()).isFalse(); // frozen before: frozen after

        // and the merged state loads into a fresh plain model with the same output
        TinyTransformer fresh = new TinyTransformer();
        fresh.loadStateDict(copy(model.stateDict()), true);
        assertThat(maxAbsDiff(fresh.call(Tensor.of(x)).value(), adapted)).isLessThan(1e-5);
    }

    @Test
    void wrapsPointwiseConvolutionsInsideSequentials() {
        Init.seed(22);
        Sequential block = new Sequential(new Conv2d(4, 4, 3, Conv2d.options().groups(4).samePadding()), Activation.gelu(), new Conv2d(4, 4, 1));
        Sequential model = new Sequential(new Sequential(block));
        // "blocks.*.1" style: here the pointwise conv is "0.0.2"
        List<String> paths = Lora.apply(model, 2, 2, List.of("0.*.2"));
        assertThat(paths).containsExactly("0.0.2");
        assertThat(block.get(2)).isInstanceOf(LoraConv2d.class); // Sequential's own list, which forward iterates
        ((LoraConv2d) block.get(2)).loraB.value().assign(random(3, 4, 2, 1, 1));
        INDArray x = random(4, 1, 4, 6, 6);
        INDArray adapted = model.call(Tensor.of(x)).value().dup();
        assertThat(Lora.merge(model)).isEqualTo(1);
        assertThat(block.get(2)).isExactlyInstanceOf(Conv2d.class);
        assertThat(maxAbsDiff(model.call(Tensor.of(x)).value(), adapted)).isLessThan(1e-5);
    }

    @Test
    void patternsMatchWholeSegmentsAndSuffixes() {
        ModulePattern p = ModulePattern.of("blocks.*.1");
        assertThat(p.matches("blocks.3.1")).isTrue();
        assertThat(p.matches("model.blocks.3.1")).isTrue();
        assertThat(p.matches("blocks.0.0.fn.1")).isFalse();
        assertThat(p.matches("xblocks.3.1")).isFalse();
        assertThat(ModulePattern.of("blocks.**.1").matches("blocks.0.0.fn.1")).isTrue();
        assertThat(ModulePattern.of("blocks.*.attn.qkv").matches("model.model.blocks.11.attn.qkv")).isTrue();
    }

    @Test
    void errorsNameTheProblem() {
        TinyTransformer model = new TinyTransformer();
        assertThatThrownBy(() -> Lora.apply(model, 2, 2, List.of("blocks.*.attn.nothing"))).hasMessageContaining("no module")
                .hasMessageContaining("blocks.*.attn.nothing");
        assertThatThrownBy(() -> Lora.apply(model, 2, 2, List.of("blocks.*.norm1"))).hasMessageContaining("LayerNorm")
                .hasMessageContaining("LoRA wraps Linear");
        Lora.apply(model, 2, 2, List.of("head"));
        assertThatThrownBy(() -> Lora.apply(model, 2, 2, List.of("head"))).hasMessageContaining("already has a LoRA adapter");
        // Module.replace refuses a replacement the parent's field cannot hold, and changes nothing
        Module qkv = model.blocks.get(0).attn.qkv;
        assertThatThrownBy(() -> model.replace("blocks.0.attn.qkv", new Conv2d(8, 8, 1)))
                .hasMessageContaining("SelfAttention.qkv is a Linear");
        assertThat(model.module("blocks.0.attn.qkv")).isSameAs(qkv);
        assertThat(model.blocks.get(0).attn.qkv).isSameAs(qkv);
        assertThatThrownBy(() -> model.replace("", new Linear(1, 1))).hasMessageContaining("root");
        assertThatThrownBy(() -> model.replace("blocks.0.nothing", new Linear(1, 1))).hasMessageContaining("no module 'blocks.0.nothing'");
    }
}
