package dev.mamori.methods.genattack.attributes;

import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Balanced accuracy on known confusions, attributes with too few test images of a class not measured (never scored as
 * noise), inverse-frequency weights, and the multi-head classifier learning two synthetic attributes it can see.
 */
class AttributeClassifierTest {

    @Test
    void balancedAccuracyOfAKnownConfusionWithChance() {
        // class 0: 20 images, 15 right; class 1: 10 images, 4 right; class 2: 10 images, 10 right -> (0.75 + 0.4 + 1) / 3
        int[] labels = new int[40], predicted = new int[40];
        for (int i = 0; i < 20; i++) predicted[i] = i < 15 ? 0 : 1;
        for (int i = 20; i < 30; i++) {
            labels[i] = 1;
            predicted[i] = i < 24 ? 1 : 2;
        }
        for (int i = 30; i < 40; i++) labels[i] = predicted[i] = 2;
        AttributeAccuracy a = AttributeAccuracy.of("hair", List.of("a", "b", "c", "d"), predicted, labels, 10, 1);
        assertThat(a.measured()).isTrue();
        assertThat(a.balancedAccuracy().value()).isCloseTo((0.75 + 0.4 + 1) / 3, offset(1e-12));
        assertThat(a.chance()).isCloseTo(1.0 / 3, offset(1e-12));       // class "d" has no test image: not counted
        assertThat(a.classesScored()).containsExactly("a", "b", "c");
        assertThat(a.balancedAccuracy().interval().lower()).isLessThan(a.balancedAccuracy().value());
        assertThat(a.aboveChance()).isTrue();
    }

    @Test
    void rareClassesAreLeftOutAndAnAttributeWithOneScoredClassIsNotMeasured() {
        // eyeglasses: 3 positives of 50 -> not measured, even though every prediction is right
        int[] labels = new int[50];
        labels[0] = labels[1] = labels[2] = 1;
        AttributeAccuracy glasses = AttributeAccuracy.of("eyeglasses", List.of("no eyeglasses", "eyeglasses"), labels.clone(), labels, 10, 1);
        assertThat(glasses.measured()).isFalse();
        assertThat(glasses.balancedAccuracy()).isNull();
        assertThat(glasses.aboveChance()).isFalse();
        assertThat(glasses.notMeasured()).contains("'eyeglasses' 3");

        // three classes, one rare: scored on the other two, the rare class's images left out
        int[] y = new int[25], p = new int[25];
        for (int i = 10; i < 20; i++) y[i] = p[i] = 1;
        for (int i = 20; i < 25; i++) y[i] = 2;                        // 5 images, all wrong: not scored
        AttributeAccuracy hair = AttributeAccuracy.of("hair", List.of("x", "y", "z"), p, y, 10, 1);
        assertThat(hair.balancedAccuracy().value()).isEqualTo(1.0);
        assertThat(hair.images()).isEqualTo(20);
        assertThat(hair.chance()).isEqualTo(0.5);
    }

    @Test
    void inverseFrequencyWeightsAverageToOne() {
        AttributeLabels labels = new AttributeLabels(List.of("t"), List.of(List.of("a", "b", "c")), new int[][]{{0, 0, 0, 1}});
        float[] w = AttributeClassifier.classWeights(labels)[0];
        assertThat(w[0] * 3 + w[1]).isCloseTo(4f, offset(1e-5f));
        assertThat(w[1]).isEqualTo(3 * w[0]);
        assertThat(w[2]).isZero();
    }

    @Test
    void learnsTwoVisibleAttributesWithTwoHeads() {
        // attribute "bright" (mean level) and "left" (which half is lit), 64 images 8x8
        int n = 64;
        INDArray x = RandomArrays.uniform(new SplittableRandom(2), 0, 0.2, n, 3, 8, 8);
        int[][] y = new int[2][n];
        for (int i = 0; i < n; i++) {
            y[0][i] = i % 2;
            y[1][i] = (i / 2) % 2;
            INDArray half = x.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(), y[1][i] == 1 ? NDArrayIndex.interval(0, 4) : NDArrayIndex.interval(4, 8));
            half.addi(y[0][i] == 1 ? 0.7 : 0.3);
        }
        AttributeLabels labels = new AttributeLabels(List.of("bright", "left"), List.of(List.of("no", "yes"), List.of("no", "yes")), y);
        AttributeClassifier c = AttributeClassifier.train(x, labels, null, new long[]{3, 8, 8},
                new AttributeClassifier.Settings(16, 1, 3, 2, 30, 16, 1e-2, 3), TrainingCheckpoints.NONE);
        int[][] predicted = c.predict(x);
        for (AttributeAccuracy a : AttributeAccuracy.all(labels, predicted, 10, 1)) {
            assertThat(a.balancedAccuracy().value()).as(a.attribute()).isGreaterThan(0.9);
        }
    }
}
