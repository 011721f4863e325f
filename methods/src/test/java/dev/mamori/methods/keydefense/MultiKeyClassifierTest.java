package dev.mamori.methods.keydefense;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.mamori.methods.keydefense.KeyedModels.logits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** N secret (patch embedding, head) pairs on one frozen backbone, with randomized key selection. */
class MultiKeyClassifierTest {

    static Classifier plain(String arch) {
        return arch.equals("vit") ? KeyedModels.tinyVit(31) : KeyedModels.tinyConvMixer(31);
    }

    static List<TransformChain> keys(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> TransformChain.of(SecretKey.fromSeed(i % 2 == 0 ? TransformKind.SHUFFLE : TransformKind.NEGATIVE_POSITIVE, 4, 1, 100 + i)))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit", "convmixer"})
    void oneAbsorbedKeyIsThePlainKeyedModel(String arch) {
        Classifier plain = plain(arch);
        INDArray x = KeyedModels.varied(1, 3, 1, 28);
        INDArray want = logits(plain, x);
        assertThat(KeyedModels.spread(want)).isGreaterThan(1e-2);
        TransformChain key = keys(1).get(0);
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(plain, List.of(key)).randomize(KeySelection.PER_QUERY, 1);
        multi.eval();
        assertThat(TestImages.maxAbsDiff(logits(multi, x), want)).isLessThanOrEqualTo(1e-5);
        assertThat(TestImages.maxAbsDiff(logits(multi, x), logits(KeyAbsorption.absorb(plain, key), x))).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void vitParameterNamesAreTheBackbonesBesideEmbedsAndHeads() {
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(plain("vit"), keys(2));
        Set<String> names = multi.namedParameters().keySet();
        assertThat(names).contains("cls_token", "pos_embed", "blocks.0.attn.qkv.weight", "blocks.1.mlp.fc2.bias", "norm.weight",
                "embeds.0.proj.weight", "embeds.0.proj.bias", "embeds.1.proj.weight", "heads.0.weight", "heads.1.bias");
        assertThat(names).noneMatch(n -> n.startsWith("patch_embed") || n.startsWith("head.") || n.startsWith("backbone"));
        assertThat(topLevel(names)).containsExactly("blocks", "cls_token", "embeds", "heads", "norm", "pos_embed");
        assertThat(multi.trainableParameters().keySet()).allMatch(n -> n.startsWith("embeds.") || n.startsWith("heads."))
                .contains("embeds.1.proj.weight", "heads.0.weight");
    }

    @Test
    void convMixerParameterNamesFollowTimm() {
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(plain("convmixer"), keys(2));
        Set<String> names = multi.stateDict().keySet();
        assertThat(names).contains("stem.2.weight", "stem.2.running_var", "blocks.0.0.fn.0.weight", "blocks.1.3.running_mean",
                "embeds.0.weight", "embeds.1.bias", "heads.1.weight");
        assertThat(topLevel(names)).containsExactly("blocks", "embeds", "heads", "stem");
    }

    static Set<String> topLevel(Set<String> names) {
        return names.stream().map(n -> n.split("\\.")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void perQuerySelectionPicksDifferentKeysRoutesEachImageAndIsReproducibleWithASeed() {
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(plain("vit"), keys(3));
        // make the slots differ, so that routing mistakes would show in the logits
        for (int s = 0; s < 3; s++) multi.head(s).bias.value().addi(s * 0.5);
        multi.eval();
        INDArray x = KeyedModels.varied(2, 12, 1, 28);

        multi.randomize(KeySelection.PER_QUERY, 42);
        INDArray first = logits(multi, x);
        int[] slots = multi.lastSlots();
        assertThat(Arrays.stream(slots).distinct().count()).isGreaterThan(1);
        // each row is what its slot gives for that image alone
        for (int i = 0; i < 12; i++) {
            INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
            INDArray want;
            try (var ignored = dev.mamori.autograd.GradMode.noGrad()) {
                want = multi.callSlot(slots[i], Tensor.of(one)).value();
            }
            assertThat(TestImages.maxAbsDiff(first.getRow(i).reshape(1, 10), want)).as("row " + i).isLessThan(1e-5);
        }
        int[] next = logitsSlots(multi, x);
        assertThat(next).isNotEqualTo(slots); // the generator moves on
        Set<Integer> used = new TreeSet<>();
        for (int s : slots) used.add(s);
        for (int s : next) used.add(s);
        assertThat(used).containsExactly(0, 1, 2);

        multi.randomize(KeySelection.PER_QUERY, 42);
        assertThat(TestImages.maxAbsDiff(logits(multi, x), first)).isEqualTo(0.0);
        assertThat(multi.lastSlots()).isEqualTo(slots);

        multi.randomize(KeySelection.PER_BATCH, 7);
        Set<Integer> perBatch = new TreeSet<>();
        for (int call = 0; call < 12; call++) {
            int[] s = logitsSlots(multi, x);
            assertThat(Arrays.stream(s).distinct().count()).isEqualTo(1);
            perBatch.add(s[0]);
        }
        assertThat(perBatch).hasSize(3);

        multi.useKey(2);
        assertThat(logitsSlots(multi, x)).containsOnly(2);
        assertThatThrownBy(() -> multi.useKey(3)).hasMessageContaining("slot 3 out of range 0..2");
    }

    static int[] logitsSlots(MultiKeyClassifier m, INDArray x) {
        logits(m, x);
        return m.lastSlots();
    }

    @Test
    void inputGradientsFlowThroughEveryDrawnSlot() {
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(plain("vit"), keys(3)).randomize(KeySelection.PER_QUERY, 3);
        multi.eval();
        Tensor x = Tensor.variable(KeyedModels.varied(4, 6, 1, 28));
        multi.call(x).sum().backward();
        assertThat(x.grad()).isNotNull();
        INDArray g = x.grad().reshape(6, 28 * 28);
        for (int i = 0; i < 6; i++) assertThat(g.getRow(i).amaxNumber().doubleValue()).as("image " + i).isGreaterThan(0);
        // the frozen backbone gets no gradient; the drawn slots' pairs do
        multi.namedParameters().forEach((n, p) -> {
            if (MultiKeyClassifier.isBackbone(n)) assertThat(p.grad()).as(n).isNull();
        });
    }

    @Test
    void backboneStaysFrozenAndInEvalModeWhileASlotTrains() {
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(plain("convmixer"), keys(2));
        Map<String, INDArray> backboneBefore = ModelSpec.copyState(multi.stateDict());
        assertThatThrownBy(() -> multi.unfreeze("blocks.*")).hasMessageContaining("stays frozen");
        assertThat(multi.trainableParameters().keySet()).allMatch(n -> !MultiKeyClassifier.isBackbone(n));

        multi.trainSlot(1);
        assertThat(multi.trainableParameters().keySet()).allMatch(n -> n.startsWith("embeds.1.") || n.startsWith("heads.1."))
                .contains("embeds.1.weight", "heads.1.weight");
        multi.train();
        assertThat(multi.namedModules().values().stream().filter(m -> m instanceof BatchNorm2d)).allMatch(m -> !m.isTraining());
        assertThat(multi.embedding(1).isTraining()).isTrue();

        INDArray images = KeyedModels.varied(9, 16, 1, 28);
        int[] labels = new int[16];
        for (int i = 0; i < 16; i++) labels[i] = i % 10;
        var data = new InMemoryBatchSource(images, labels, 8, true);
        Trainer.classifier(multi, Adam.adamW(multi.trainableParameters(), 1e-2, 0), null, Losses::crossEntropy, TrainerConfig.epochs(1).quiet()).fit(data, null);

        multi.stateDict().forEach((n, v) -> {
            double diff = TestImages.maxAbsDiff(v, backboneBefore.get(n));
            if (MultiKeyClassifier.isBackbone(n) || n.startsWith("embeds.0") || n.startsWith("heads.0")) assertThat(diff).as(n).isEqualTo(0.0);
        });
        assertThat(TestImages.maxAbsDiff(multi.head(1).weight.value(), backboneBefore.get("heads.1.weight"))).isGreaterThan(0);
        assertThat(multi.toString()).contains("slot 1").contains(multi.keySlots().get(1).keyIds().get(0));
    }
}
