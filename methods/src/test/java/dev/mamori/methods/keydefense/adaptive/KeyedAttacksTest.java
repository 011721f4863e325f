package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.attacks.AttackLosses;
import dev.mamori.methods.attacks.AttackedModel;
import dev.mamori.methods.attacks.CarliniWagnerL2;
import dev.mamori.methods.attacks.Eot;
import dev.mamori.methods.attacks.Pgd;
import dev.mamori.methods.attacks.Square;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyAbsorption;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.methods.keydefense.Proliferation;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The arsenal on keyed models built from a tiny ViT trained in seconds on a synthetic 4-class problem ({@link Blobs}):
 * what each attack assumes, the attacker's copies of the weights, and EOT against the randomized multi-key model.
 */
class KeyedAttacksTest {
    private static Classifier plain;
    private static MultiKeyClassifier multiKey;
    private static Blobs test;

    @BeforeAll
    static void train() {
        Blobs train = Blobs.generate(512, 1);
        test = Blobs.generate(100, 2);
        Init.seed(3);
        plain = ModelRegistry.create("vit", Map.of("imageSize", 28, "patchSize", 4, "inChannels", 1, "numClasses", 4, "embedDim", 32,
                "depth", 2, "heads", 2, "mlpRatio", 2.0));
        InMemoryBatchSource source = new InMemoryBatchSource(train.images, train.labels, 32, true);
        int epochs = 10; // measured: 100% test accuracy (4 epochs: chance)
        Trainer.classifier(plain, Adam.adamW(plain.trainableParameters(), 3e-3, 0.05), LrSchedule.cosine(3e-3, 0, epochs * source.batchesPerEpoch()),
                Losses::crossEntropy, TrainerConfig.epochs(epochs).withSeed(4).quiet()).fit(source, null);
        plain.eval();
        List<TransformChain> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) keys.add(TransformChain.of(SecretKey.fromSeed(TransformKind.FFX, 4, 1, 20 + i)));
        multiKey = MultiKeyClassifier.fromPlain(plain, keys);
        Proliferation.trainSlots(multiKey, source, null, Proliferation.Config.of(Proliferation.Strategy.EMBEDDING_AND_HEAD, 3, 5e-3).withSeed(5));
        multiKey.randomize(dev.mamori.methods.keydefense.KeySelection.PER_QUERY, 6);
    }

    private static double accuracy(Classifier m) {
        int[] p;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            p = m.call(Tensor.of(test.images)).value().argMax(1).toIntVector();
        }
        int right = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == test.labels[i]) right++;
        return right / (double) p.length;
    }

    @Test
    void theTinyModelsLearnedTheProblem() {
        assertThat(accuracy(plain)).isGreaterThan(0.9);
        for (int s = 0; s < 3; s++) {
            MultiKeyClassifier one = (MultiKeyClassifier) KeyedTarget.of(multiKey).withKeys(multiKey.keySlots(), 0);
            one.useKey(s);
            assertThat(accuracy(one)).as("slot " + s).isGreaterThan(0.8);
        }
    }

    @Test
    void theAttackersCopyWithTheRealKeysIsTheDeployedModel() {
        KeyedClassifier keyed = KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 9));
        KeyedTarget target = KeyedTarget.of(keyed);
        Classifier copy = target.withKeys(keyed.keySlots(), 0);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            assertThat(copy.call(Tensor.of(test.images)).value().equalsWithEps(keyed.call(Tensor.of(test.images)).value(), 1e-6)).isTrue();
        }
        List<TransformChain> guess = target.guessKeys(1);
        assertThat(guess).hasSize(1);
        assertThat(guess.get(0).keys().get(0)).isNotEqualTo(keyed.transform().keys().get(0));
        assertThat(guess.get(0).keys().get(0).kind()).isEqualTo(TransformKind.SHUFFLE);
        assertThat(target.guessKeys(1)).isEqualTo(guess); // reproducible
        assertThat(KeyedTarget.of(multiKey).guessKeys(2)).hasSize(3);
        assertThat(KeyedTarget.of(multiKey).isRandomized()).isTrue();
        assertThat(target.isRandomized()).isFalse();
        assertThatThrownBy(() -> target.withKeys(guess.subList(0, 0), 0)).hasMessageContaining("1 key slot(s), got 0");
    }

    @Test
    void aWrongKeyAttackIsWeakerThanTheKeyLeakedOne() {
        KeyedClassifier keyed = KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 9));
        KeyedTarget target = KeyedTarget.of(keyed);
        KeyedAttacks.AttackFactory pgd = m -> Pgd.linf(m, 0.1).steps(10).seed(1);
        AttackOutcome wrong = KeyedAttacks.wrongKey("pgd_wrong_key", target, pgd, 3).run(test.images, test.labels).get(0);
        AttackOutcome white = KeyedAttacks.whiteBox("white_box", target, pgd).run(test.images, test.labels).get(0);
        assertThat(white.robustAccuracy().value()).isLessThan(wrong.robustAccuracy().value());
        assertThat(wrong.knowledge()).isEqualTo(new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.WRONG_GUESS, true, 0, 0));
        assertThat(wrong.knowledge().describe()).contains("wrong key").contains("0 queries");
        assertThat(wrong.description()).startsWith("Transfer[PGD-Linf");
        assertThat(white.knowledge().key()).isEqualTo(KeyKnowledge.RIGHT_KEY);
        assertThat(white.epsilon()).isEqualTo(0.1);
    }

    @Test
    void eotOverTheModelsOwnKeysIsAtLeastAsStrongAsASingleKeyAttack() {
        KeyedTarget target = KeyedTarget.of(multiKey);
        double eps = 0.1;
        KeyedAttacks.AttackFactory pgd = m -> Pgd.linf(m, eps).steps(10).seed(2);
        AttackOutcome single = KeyedAttacks.oneSlot("one_slot", target, 0, pgd).run(test.images, test.labels).get(0);
        AttackOutcome eot = KeyedAttacks.eotOwnKeys("eot_own_keys", target, pgd).run(test.images, test.labels).get(0);
        System.out.printf("multi-key: clean %.2f, one slot %s, EOT %s%n", accuracy(multiKey), single.robustAccuracy(), eot.robustAccuracy());
        assertThat(eot.robustAccuracy().value()).isLessThanOrEqualTo(single.robustAccuracy().value() + 0.03);
        assertThat(eot.knowledge().key()).isEqualTo(KeyKnowledge.ALL_SLOT_KEYS);
        assertThat(eot.knowledge().queriesPerExample()).isGreaterThan(3); // every key of every gradient is a query to the deployed model
        assertThat(eot.judgeRule()).contains("all 3 realizations");
        assertThat(eot.perDrawRobustAccuracy()).isLessThanOrEqualTo(eot.robustAccuracy().value());
        assertThatThrownBy(() -> KeyedAttacks.eotOwnKeys("x", KeyedTarget.of(KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 9))), pgd))
                .hasMessageContaining("randomized multi-key target");
    }

    @Test
    void eotOverTheModelsOwnKeysAveragesEveryKeyExactly() {
        long[] shape = {1, 28, 28};
        AttackedModel exact = new AttackedModel(multiKey,
                Eot.allRealizations(), 64, shape);
        INDArray images = test.images.get(NDArrayIndex.interval(0, 8)).dup();
        float[] flat = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] y = Arrays.copyOf(test.labels, 8);
        var loss = AttackLosses.crossEntropy();
        float[] averaged = exact.lossGradient(flat, 8, loss, y, null, new SplittableRandom(0)).gradient();
        float[] sum = new float[averaged.length];
        for (int s = 0; s < 3; s++) {
            MultiKeyClassifier one = (MultiKeyClassifier) KeyedTarget.of(multiKey).withKeys(multiKey.keySlots(), 0);
            one.useKey(s);
            float[] g = new AttackedModel(one, null, 64, shape).lossGradient(flat, 8, loss, y, null,
                    new SplittableRandom(0)).gradient();
            for (int i = 0; i < g.length; i++) sum[i] += g[i] / 3;
        }
        assertThat(exact.evaluationsPerGradient()).isEqualTo(3);
        for (int i = 0; i < sum.length; i++) assertThat(averaged[i]).as("gradient element %d", i).isCloseTo(sum[i], offset(1e-5f));
        assertThat(IntStream.range(0, sum.length).mapToDouble(i -> Math.abs(sum[i])).max().orElse(0)).isGreaterThan(1e-4);
    }

    @Test
    void eotOverRandomKeysUsesAPoolOfGuessedKeys() {
        KeyedTarget target = KeyedTarget.of(multiKey);
        RandomKeyModel pool = RandomKeyModel.pool(target, 3, 1);
        assertThat(pool.size()).isEqualTo(3);
        AttackOutcome o = KeyedAttacks.eotRandomKeys("eot_random_keys", target, m -> Pgd.linf(m, 0.1).steps(5).seed(1), 3, 2, 1)
                .run(test.images, test.labels).get(0);
        assertThat(o.knowledge().key()).isEqualTo(KeyKnowledge.RANDOM_KEYS);
        assertThat(o.knowledge().queriesPerExample()).isZero();
        assertThat(o.robustAccuracy().trials()).isEqualTo(100);
    }

    @Test
    void squareQueriesTheDeployedModelWithoutWeightsOrKey() {
        KeyedTarget target = KeyedTarget.of(KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 9)));
        INDArray x = test.images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20)).dup();
        int[] y = java.util.Arrays.copyOf(test.labels, 20);
        AttackOutcome o = KeyedAttacks.blackBox("square", target, m -> new Square(m, 0.1).queries(20).seed(1)).run(x, y).get(0);
        assertThat(o.knowledge().weights()).isEqualTo(WeightAccess.NONE);
        assertThat(o.knowledge().gradients()).isFalse();
        assertThat(o.knowledge().queriesPerExample()).isGreaterThan(0);
        assertThatThrownBy(() -> KeyedAttacks.blackBox("x", target, m -> Pgd.linf(m, 0.1)).run(x, y)).hasMessageContaining("uses gradients");
    }

    @Test
    void cwIsJudgedAtEachL2Budget() {
        KeyedTarget target = KeyedTarget.of(KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 9)));
        INDArray x = test.images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 30)).dup();
        int[] y = java.util.Arrays.copyOf(test.labels, 30);
        List<AttackOutcome> out = KeyedAttacks.withinL2Budgets(KeyedAttacks.whiteBox("cw", target,
                m -> new CarliniWagnerL2(m).steps(20).binarySearchSteps(2).maxNorm(3.0).seed(1)), 0.5, 3.0).run(x, y);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).epsilon()).isEqualTo(0.5);
        assertThat(out.get(0).robustAccuracy().value()).isGreaterThanOrEqualTo(out.get(1).robustAccuracy().value());
        assertThat(out.get(1).description()).endsWith("within L2 3.0");
        assertThat(out.get(0).successRate().successes()).isLessThanOrEqualTo(out.get(1).successRate().successes());
    }

    @Test
    void transferFromThePlainBackboneBreaksAnAbsorbedKey() {
        KeyedClassifier keyed = KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 9));
        CraftedTransfer t = CraftedTransfer.craft("transfer_plain", Pgd.linf(plain, 0.1).steps(10).seed(1), test.images, test.labels,
                AttackerKnowledge.offline(WeightAccess.PUBLIC_BACKBONE, KeyKnowledge.NONE));
        AttackOutcome onPlain = t.evaluate(plain), onKeyed = t.evaluate(keyed);
        // an absorbed key is the plain model re-parametrized: the same examples fool both alike
        assertThat(onKeyed.robustAccuracy().successes()).isEqualTo(onPlain.robustAccuracy().successes());
        assertThat(onKeyed.knowledge().weights()).isEqualTo(WeightAccess.PUBLIC_BACKBONE);
    }
}
