package dev.mamori.methods.keydefense;

import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockFfx;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.nn.adapters.LoraConv2d;
import dev.mamori.nn.adapters.LoraLinear;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deriving keyed models from one plain model with each fine-tuning strategy (tiny models, random data). */
class ProliferationTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;
    static final int N = 24;

    static InMemoryBatchSource data(long seed) {
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) labels[i] = i % 10;
        return new InMemoryBatchSource(KeyedModels.varied(seed, N, 1, 28), labels, 8, true);
    }

    /** tiny ViT: D = 32, depth 2, MLP hidden 64, 10 classes, patch 4 x 4 x 1. */
    static final long EMBEDDING = 32 * 16 + 32, HEAD = 32 * 10 + 10;
    static final int RANK = 4;
    /** rank * (in + out) for qkv (32 -> 96), proj (32 -> 32), fc1 (32 -> 64), fc2 (64 -> 32), per block, two blocks. */
    static final long LORA = 2L * RANK * ((32 + 96) + (32 + 32) + (32 + 64) + (64 + 32));

    @Test
    void strategiesTrainWhatTheySayAndReportIt() {
        Classifier plain = KeyedModels.tinyVit(40);
        TransformChain key = TransformChain.of(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 41));
        Map<String, INDArray> absorbed = ModelSpec.copyState(KeyAbsorption.absorb(plain, key).stateDict());
        var train = data(1);

        var a = Proliferation.derive(plain, key, train, train, Proliferation.Config.of(Proliferation.Strategy.EMBEDDING_AND_HEAD, 1, 1e-2));
        assertThat(a.absorbed()).isTrue();
        assertThat(a.trainableParameters()).isEqualTo(EMBEDDING + HEAD);
        // the reported accuracy is the derived model's on the evaluation images
        int[] predicted;
        try (dev.mamori.autograd.GradMode.Scope off = dev.mamori.autograd.GradMode.noGrad()) {
            a.model().eval();
            predicted = a.model().call(dev.mamori.autograd.Tensor.of(train.images())).value().argMax(1).toIntVector();
        }
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == train.labels()[i]) right++;
        assertThat(a.cleanAccuracy()).isEqualTo((double) right / predicted.length, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.seconds()).isPositive();
        assertThat(a.training().steps()).isEqualTo(3);
        a.model().stateDict().forEach((n, v) -> {
            boolean trained = n.startsWith("model.patch_embed.") || n.startsWith("model.head.");
            assertThat(TestImages.maxAbsDiff(v, absorbed.get(n)) > 0).as(n).isEqualTo(trained);
        });

        var b = Proliferation.derive(plain, key, train, null, Proliferation.Config.of(Proliferation.Strategy.LORA, 1, 1e-2).withLora(RANK, 8).keepingAdapters());
        assertThat(b.trainableParameters()).isEqualTo(EMBEDDING + HEAD + LORA);
        assertThat(b.cleanAccuracy()).isNaN();
        assertThat(b.model().module("model.blocks.0.attn.qkv")).isInstanceOf(LoraLinear.class);
        assertThat(b.model().namedParameters()).containsKeys("model.blocks.1.mlp.fc2.lora_A", "model.blocks.1.mlp.fc2.lora_B");
        assertThatThrownBy(() -> b.model().save(dir.resolve("unmerged.safetensors"))).hasMessageContaining("merge them first");
        b.model().namedParameters().forEach((n, p) -> {
            if (!n.contains("lora_")) {
                boolean trained = n.startsWith("model.patch_embed.") || n.startsWith("model.head.");
                assertThat(TestImages.maxAbsDiff(p.value(), absorbed.get(n)) > 0).as(n).isEqualTo(trained);
            }
        });

        var merged = Proliferation.derive(plain, key, train, null, Proliferation.Config.of(Proliferation.Strategy.LORA, 1, 1e-2).withLora(RANK, 8));
        assertThat(merged.model().namedParameters().keySet()).noneMatch(n -> n.contains("lora"));
        assertThat(merged.model().stateDict().keySet()).isEqualTo(absorbed.keySet());

        var c = Proliferation.derive(plain, key, train, null, Proliferation.Config.of(Proliferation.Strategy.FULL, 1, 1e-2));
        assertThat(c.trainableParameters()).isEqualTo(plain.parameterCount());
        assertThat(TestImages.maxAbsDiff(c.model().parameter("model.blocks.0.attn.qkv.weight").value(), absorbed.get("model.blocks.0.attn.qkv.weight"))).isGreaterThan(0);
    }

    @Test
    void ffxKeysStartFromThePlainWeightsAndConvMixerAdaptersGoOnPointwiseConvolutions() {
        Classifier plain = KeyedModels.tinyConvMixer(50);
        INDArray stemBnMean = plain.stateDict().get("stem.2.running_mean").dup();
        TransformChain ffx = TransformChain.of(SecretKey.fromSeed(TransformKind.FFX, 4, 1, 51));
        var r = Proliferation.derive(plain, ffx, data(2), data(3), Proliferation.Config.of(Proliferation.Strategy.LORA, 1, 1e-2).withLora(2, 2).keepingAdapters());
        assertThat(r.absorbed()).isFalse();
        assertThat(r.model().module("model.blocks.0.1")).isInstanceOf(LoraConv2d.class);
        assertThat(r.model().module("model.blocks.1.1")).isInstanceOf(LoraConv2d.class);
        // frozen batch norms kept their statistics during fine-tuning
        assertThat(TestImages.maxAbsDiff(r.model().stateDict().get("model.stem.2.running_mean"), stemBnMean)).isEqualTo(0.0);
        assertThat(r.model().transform().steps().get(0)).isInstanceOf(BlockFfx.class);

        assertThatThrownBy(() -> Proliferation.derive(KeyedModels.uncalibrated("simple_cnn", 1), ffx, data(2), null,
                Proliferation.Config.of(Proliferation.Strategy.EMBEDDING_AND_HEAD, 1, 1e-2))).hasMessageContaining("needs an isotropic model");
    }

    @Test
    void slotsOfAMultiKeyModelAreTrainedOneByOne() {
        List<TransformChain> keys = List.of(TransformChain.of(SecretKey.fromSeed(TransformKind.FFX, 4, 1, 60)),
                TransformChain.of(SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 61)));
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(KeyedModels.tinyVit(60), keys);
        Map<String, INDArray> before = ModelSpec.copyState(multi.stateDict());
        var results = Proliferation.trainSlots(multi, data(4), data(5), Proliferation.Config.of(Proliferation.Strategy.EMBEDDING_AND_HEAD, 1, 1e-2).withSeed(3));
        assertThat(results).extracting(Proliferation.SlotResult::slot).containsExactly(0, 1);
        assertThat(results).allMatch(s -> s.trainableParameters() == EMBEDDING + HEAD && s.cleanAccuracy() >= 0);
        multi.stateDict().forEach((n, v) -> assertThat(TestImages.maxAbsDiff(v, before.get(n)) > 0).as(n).isEqualTo(!MultiKeyClassifier.isBackbone(n)));
        assertThat(multi.fixedSlot()).isEqualTo(-1);
        assertThat(multi.selection()).isEqualTo(KeySelection.PER_QUERY);
        assertThat(multi.trainableParameters()).isEmpty();
    }
}
