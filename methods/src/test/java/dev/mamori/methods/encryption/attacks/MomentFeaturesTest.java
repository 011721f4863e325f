package dev.mamori.methods.encryption.attacks;

import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MomentFeaturesTest {

    @Test
    void meanAndRootsOfAbsoluteCentralMomentsAsScipyComputesThem() {
        float[] x = {1, 2, 3, 10};
        float[] f = MomentFeatures.of(x, 1, 4);
        assertThat(f).hasSize(MomentFeatures.COUNT);
        double mean = 4;
        assertThat((double) f[0]).isCloseTo(mean, within(1e-6));
        assertThat((double) f[1]).isCloseTo(0, within(1e-6)); // the first central moment, kept as in the reference
        for (int i = 2; i < MomentFeatures.COUNT; i++) {
            double m = 0;
            for (float v : x) m += Math.pow(v - mean, i);
            m /= 4;
            assertThat((double) f[i]).as("moment %d", i).isCloseTo(Math.pow(Math.abs(m), 1.0 / i), within(1e-4 * Math.max(1, Math.pow(Math.abs(m), 1.0 / i))));
        }
        // a set's statistics do not depend on its order
        assertThat(MomentFeatures.of(new float[]{10, 3, 1, 2}, 1, 4)).containsExactly(f);
    }

    @Test
    void patchesAreCutRowMajorAndCentredAcrossImages() {
        INDArray images = TestImages.eightBit(1, 2, 3, 8, 8);
        float[] p = MomentFeatures.patches(images, 4);
        assertThat(p).hasSize(2 * 4 * 48);
        // patch 3 of image 1 (bottom right), channel 2, pixel (1, 2)
        assertThat(p[(1 * 4 + 3) * 48 + 2 * 16 + 1 * 4 + 2]).isEqualTo(images.getFloat(1, 2, 4 + 1, 4 + 2));
        MomentFeatures.centerAcrossImages(p, 2, 4, 48);
        for (int k = 0; k < 4 * 48; k++) assertThat(p[k] + p[4 * 48 + k]).isCloseTo(0f, within(1e-6f));
        assertThat(Nd4j.createFromArray(p).sumNumber().doubleValue()).isCloseTo(0, within(1e-3));
    }
}
