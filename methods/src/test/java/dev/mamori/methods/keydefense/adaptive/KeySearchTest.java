package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key search against a keyed model whose weights the attacker holds: random search, hill climbing, their bookkeeping. */
class KeySearchTest {

    static INDArray noise(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * 784];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextDouble();
        return Nd4j.create(v, new long[]{n, 1, 28, 28}, 'c');
    }

    static KeyedTarget linearTarget(SecretKey key) {
        return KeyedTarget.of(new KeyedClassifier(key, new LinearPixelModel(1)));
    }

    @Test
    void hillClimbingRecoversAShuffleKey() {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 5);
        KeySearch search = KeySearch.against(linearTarget(key), noise(3, 200));
        KeySearch.Result random = search.random(TransformKind.SHUFFLE, 4, 1, 16, 9);
        KeySearch.Result climbed = search.hillClimb(random.key(), 600, 10);
        // measured: random search 82/200 agree and 19% of positions; climbing 200/200 and every position
        assertThat(random.agreement()).isLessThan(0.6);
        assertThat(KeySearch.positionsRecovered(random.key(), key)).isLessThan(0.5);
        assertThat(climbed.agreement()).isGreaterThanOrEqualTo(0.95);
        assertThat(KeySearch.positionsRecovered(climbed.key(), key)).isGreaterThanOrEqualTo(0.9);
        assertThat(climbed.targetQueries()).isEqualTo(200);
        assertThat(climbed.evaluations()).isEqualTo(601);
        assertThat(search.evaluations()).isEqualTo(16 + 601);
    }

    @Test
    void anExhaustiveSearchFindsASmallNegativePositiveKeyAndCoversTheWholeSpace() {
        // A seeded key: with a SecureRandom key this test once failed in a full-suite run, the search returning another of
        // the 11,440 masks (likely one the 200 queries cannot tell from the true one); what is under test is the search.
        SecretKey key = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 11);
        assertThat(KeySearch.keySpaceSize(TransformKind.NEGATIVE_POSITIVE, 4, 1)).isEqualTo(java.math.BigInteger.valueOf(11_440)); // C(16, 7)
        KeySearch search = KeySearch.against(linearTarget(key), noise(3, 200));
        KeySearch.Result r = search.exhaustive(TransformKind.NEGATIVE_POSITIVE, 4, 1, 20_000, 16, 50);
        assertThat(r.key()).isEqualTo(key);
        assertThat(KeySearch.positionsRecovered(r.key(), key)).isEqualTo(1.0);
        assertThat(r.searchedFraction()).isEqualTo(1.0);
        assertThat(r.evaluations()).isEqualTo(11_440 + 50);
        assertThat(r.targetQueries()).isEqualTo(200);
        assertThat(r.method()).contains("all 11,440 keys");
        assertThat(KeySearch.allKeys(TransformKind.NEGATIVE_POSITIVE, 4, 1)).hasSize(11_440).doesNotHaveDuplicates();
        assertThat(KeySearch.allKeys(TransformKind.SHUFFLE, 2, 1)).hasSize(24).doesNotHaveDuplicates();
        // key spaces beyond the limit are refused, and what a random search covers of them is stated
        assertThatThrownBy(() -> search.exhaustive(TransformKind.NEGATIVE_POSITIVE, 4, 1, 10_000, 16, 50)).hasMessageContaining("11440 keys");
        assertThat(KeySearch.keySpaceSize(TransformKind.SHUFFLE, 4, 1)).isEqualTo(new java.math.BigInteger("20922789888000")); // 16!
        KeySearch.Result random = KeySearch.against(linearTarget(SecretKey.random(TransformKind.SHUFFLE, 4, 1)), noise(3, 20))
                .random(TransformKind.SHUFFLE, 4, 1, 8, 1);
        assertThat(random.searchedFraction()).isCloseTo(8 / 20922789888000.0, org.assertj.core.data.Offset.offset(1e-20));
        assertThat(KeySearch.keySpaceSize(TransformKind.FFX, 4, 1)).isEqualTo(java.math.BigInteger.valueOf(11_440).shiftLeft(128));
        assertThatThrownBy(() -> KeySearch.allKeys(TransformKind.FFX, 4, 1)).hasMessageContaining("cannot be enumerated");
    }

    @Test
    void randomSearchThenClimbingRecoversANegativePositiveMask() {
        SecretKey key = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 6);
        KeySearch.Result r = KeySearch.against(linearTarget(key), noise(3, 200)).randomThenClimb(TransformKind.NEGATIVE_POSITIVE, 4, 1, 16, 150, 9);
        assertThat(KeySearch.positionsRecovered(r.key(), key)).isEqualTo(1.0);
        assertThat(r.score().agreeing()).isEqualTo(200);
        assertThat(r.method()).contains("random search (16 keys)").contains("hill climbing (150 swaps)");
    }

    @Test
    void hillClimbingImprovesMonotonically() {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 7);
        KeySearch search = KeySearch.against(linearTarget(key), noise(4, 150));
        SecretKey start = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 8);
        KeySearch.Result r = search.hillClimb(start, 200, 3);
        List<KeySearch.Step> steps = r.accepted();
        assertThat(steps.size()).isGreaterThanOrEqualTo(3);
        assertThat(steps.get(0).evaluation()).isEqualTo(1); // the start key
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).logLikelihood()).isGreaterThan(steps.get(i - 1).logLikelihood());
            assertThat(steps.get(i).evaluation()).isGreaterThan(steps.get(i - 1).evaluation());
        }
        KeySearch.Score startScore = search.score(start);
        assertThat(r.score().logLikelihood()).isEqualTo(steps.get(steps.size() - 1).logLikelihood());
        assertThat(r.score().agreeing()).isGreaterThan(startScore.agreeing());
        assertThat(KeySearch.positionsRecovered(r.key(), key)).isGreaterThan(KeySearch.positionsRecovered(start, key));
    }

    @Test
    void theRightKeyScoresPerfectAgreementAndWrongOnesDoNot() {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 5);
        KeySearch search = KeySearch.against(linearTarget(key), noise(3, 100));
        KeySearch.Score right = search.score(key);
        KeySearch.Score wrong = search.score(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 99));
        assertThat(right.agreeing()).isEqualTo(100);
        assertThat(right.betterThan(wrong)).isTrue();
        assertThat(wrong.betterThan(right)).isFalse();
        assertThat(right.betterThan(right)).isFalse();
    }

    @Test
    void swapsKeepPermutationsAndMaskWeights() {
        SplittableRandom rng = new SplittableRandom(1);
        SecretKey shuffle = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 1);
        SecretKey swapped = KeySearch.swap(shuffle, rng);
        int differing = 0;
        for (int i = 0; i < 16; i++) if (swapped.permutation()[i] != shuffle.permutation()[i]) differing++;
        assertThat(differing).isEqualTo(2);
        for (TransformKind kind : List.of(TransformKind.NEGATIVE_POSITIVE, TransformKind.FFX)) {
            SecretKey k = SecretKey.fromSeed(kind, 4, 1, 2);
            SecretKey s = KeySearch.swap(k, rng);
            int before = 0, after = 0, changed = 0;
            for (int i = 0; i < 16; i++) {
                before += k.mask()[i] ? 1 : 0;
                after += s.mask()[i] ? 1 : 0;
                changed += k.mask()[i] != s.mask()[i] ? 1 : 0;
            }
            assertThat(after).isEqualTo(before);
            assertThat(changed).isEqualTo(2);
            if (kind == TransformKind.FFX) assertThat(s.aesKey()).isEqualTo(k.aesKey());
        }
        assertThat(KeySearch.swap(SecretKey.negativePositive(1, 1, new boolean[]{true}), rng)).isNull();
    }

    @Test
    void refusesATargetWithSeveralKeySlots() {
        Init.seed(1);
        Classifier vit = ModelRegistry.create("vit", Map.of("imageSize", 28, "patchSize", 4, "inChannels", 1, "numClasses", 10, "embedDim", 16,
                "depth", 1, "heads", 2, "mlpRatio", 2.0));
        List<TransformChain> keys = List.of(TransformChain.of(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 1)),
                TransformChain.of(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 2)));
        KeyedTarget target = KeyedTarget.of(MultiKeyClassifier.fromPlain(vit, keys));
        assertThatThrownBy(() -> KeySearch.against(target, noise(1, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one key slot").hasMessageContaining("2 slot(s)");
        assertThatThrownBy(() -> new KeySearch.Queries(noise(1, 3), new int[2])).hasMessageContaining("3 query images but 2 answers");
    }
}
