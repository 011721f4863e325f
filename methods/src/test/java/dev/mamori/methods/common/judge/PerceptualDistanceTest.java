package dev.mamori.methods.common.judge;

import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.models.Classifier;
import dev.mamori.models.ConvMixer;
import dev.mamori.models.Normalized;
import dev.mamori.models.VisionTransformer;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PerceptualDistanceTest {

    static IndependentClassifier judge(Classifier model, String architecture) {
        double[] mean = {0.5, 0.5, 0.5}, std = {0.25, 0.25, 0.25};
        SavedClassifier.Info info = new SavedClassifier.Info(architecture, Map.of(), mean, std, List.of("a", "b", "c"), "test");
        return new IndependentClassifier(new SavedClassifier.Loaded(new Normalized(model, mean, std), info, List.of()));
    }

    private static PerceptualDistance tinyConvMixer() {
        Init.seed(11);
        return new PerceptualDistance(judge(new ConvMixer(new ConvMixer.Config(16, 3, 3, 2, 3, 3, 16, "gelu")), "convmixer"));
    }

    private static INDArray images(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, 3, 16, 16);
    }

    @Test
    void formulaOnKnownMapsIsTheSumOverLayersOfMeanSquaredUnitDifferences() {
        // Layer 1: one position; image 0 has channel vector (1, 0), image 1 has (0, 3): unit vectors differ by sqrt(2)
        // -> 2. Layer 2: two positions, the same direction at different scales (-> 0) and opposite directions (-> 4);
        // mean over positions 2. Total 4.
        INDArray layer1 = Nd4j.createFromArray(new float[]{1, 0, 0, 3}).reshape(2, 2, 1, 1);
        INDArray layer2 = Nd4j.createFromArray(new float[]{1, 1, 0, 0, 5, -1, 0, 0}).reshape(2, 2, 1, 2);
        // image 0: position 0 = (1, 0), position 1 = (1, 0); image 1: position 0 = (5, 0), position 1 = (-1, 0)
        double[] d = PerceptualDistance.fromMaps(List.of(layer1, layer2), 1);
        assertThat(d[0]).isCloseTo(4.0, within(1e-6));
    }

    @Test
    void identicalImagesAreAtZeroAndTheDistanceIsSymmetric() {
        PerceptualDistance p = tinyConvMixer();
        INDArray a = images(1, 6), b = images(2, 6);
        assertThat(p.between(a, a.dup())).containsOnly(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        double[] ab = p.between(a, b), ba = p.between(b, a);
        for (int i = 0; i < ab.length; i++) {
            assertThat(ab[i]).isPositive().isCloseTo(ba[i], within(1e-6));
        }
    }

    @Test
    void moreNoiseIsFarther() {
        PerceptualDistance p = tinyConvMixer();
        INDArray a = images(3, 8);
        Nd4j.getRandom().setSeed(4);
        INDArray noise = Nd4j.randn(DataType.FLOAT, 8, 3, 16, 16);
        double small = p.mean(a, a.add(noise.mul(0.02))), large = p.mean(a, a.add(noise.mul(0.2)));
        assertThat(small).isPositive().isLessThan(large);
    }

    @Test
    void pairsBeyondOneChunkMatchPairsScoredAlone() {
        PerceptualDistance p = tinyConvMixer();
        INDArray a = images(5, 131), b = images(6, 131);
        double[] all = p.between(a, b);
        for (int i : new int[]{0, 127, 128, 130}) {
            double alone = p.between(a.get(NDArrayIndex.interval(i, i + 1)), b.get(NDArrayIndex.interval(i, i + 1)))[0];
            assertThat(all[i]).as("pair %d", i).isCloseTo(alone, within(1e-5));
        }
    }

    @Test
    void unpairedShapesAndJudgesWithoutFeatureMapsAreClearErrors() {
        PerceptualDistance p = tinyConvMixer();
        assertThatThrownBy(() -> p.between(images(1, 2), images(1, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paired images");
        Init.seed(2);
        VisionTransformer vit = new VisionTransformer(new VisionTransformer.Config(16, 4, 3, 3, 16, 1, 2, 2.0, true, 1e-6, true, true, "token", 0));
        assertThatThrownBy(() -> new PerceptualDistance(judge(vit, "vit")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ConvMixer judge").hasMessageContaining("vit");
    }
}
