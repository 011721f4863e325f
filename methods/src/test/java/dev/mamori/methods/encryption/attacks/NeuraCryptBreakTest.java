package dev.mamori.methods.encryption.attacks;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.neuracrypt.ColorNeuraCrypt;
import dev.mamori.methods.encryption.neuracrypt.ColorNeuraCryptKey;
import dev.mamori.methods.encryption.neuracrypt.NeuraCrypt;
import dev.mamori.methods.encryption.neuracrypt.NeuraCryptKey;
import dev.mamori.methods.encryption.neuracrypt.ShuffledTokenEncoder;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Carlini et al.'s attack on small synthetic images (smooth random images, so that patches differ in their statistics
 * as natural ones do): the steps in isolation, then the whole attack against NeuraCrypt and Color-NeuraCrypt, which must
 * re-identify far more images than chance.
 */
class NeuraCryptBreakTest {
    private static final NeuraCryptKey.Architecture ARCH = new NeuraCryptKey.Architecture(32, 2, 32);

    @Test
    void alignmentUndoesThePerImageShuffleWhenPositionsDominate() {
        int n = 20, t = 16, d = 8;
        SplittableRandom rng = new SplittableRandom(1);
        float[] base = new float[t * d];
        for (int i = 0; i < base.length; i++) base[i] = (float) (3 * rng.nextGaussian());
        float[] tokens = new float[n * t * d];
        int[][] perms = new int[n][];
        for (int i = 0; i < n; i++) {
            perms[i] = KeySource.permutation(t, rng);
            for (int j = 0; j < t; j++)
                for (int k = 0; k < d; k++) tokens[(i * t + j) * d + k] = base[perms[i][j] * d + k] + (float) (0.1 * rng.nextGaussian());
        }
        float[] aligned = NeuraCryptBreak.align(tokens, n, t, d);
        // every aligned encoding has its tokens in the order of encoding 0
        for (int i = 0; i < n; i++)
            for (int a = 0; a < t; a++)
                for (int k = 0; k < d; k++) {
                    assertThat(Math.abs(aligned[(i * t + a) * d + k] - base[perms[0][a] * d + k])).isLessThan(0.6f);
                }
    }

    @Test
    void breaksNeuraCryptAndColorNeuraCryptOnSmallImages() {
        KeyGeometry g = new KeyGeometry(3, 16, 16, 4);
        INDArray all = smoothImages(300, 3, 16, 5);
        INDArray aux = all.get(NDArrayIndex.interval(0, 240)).dup(), originals = all.get(NDArrayIndex.interval(240, 300)).dup();
        NeuraCryptBreak.Config config = new NeuraCryptBreak.Config(12, 60, 30, 300, 512, 3e-3, 10, 2, 7);

        LongFunction<ShuffledTokenEncoder> nc = seed -> new NeuraCrypt(NeuraCryptKey.fromSeed(seed, g, ARCH), KeySource.seeded(seed + 1));
        NeuraCryptBreak.Result r = attack(nc.apply(12345), nc, aux, originals, config);
        assertThat(r.targets()).isEqualTo(60);
        // two first matchings, each start refined config.refinements() times, the final choice
        assertThat(r.stages()).hasSize(2 + 2 * config.refinements() + 1);
        // at this tiny budget (12 encoders, 300 steps, 60 targets of 16 patches) far from the paper's near-complete
        // re-identification, but clearly above chance (1/60): the lower end of the 95% interval at least 3 x chance
        assertThat(r.reidentification().wilson().lower()).as("NeuraCrypt re-identification %s", r.stages()).isGreaterThan(3 * r.chance());

        LongFunction<ShuffledTokenEncoder> cnc = seed -> new ColorNeuraCrypt(ColorNeuraCryptKey.fromSeed(seed, g, ARCH, ColorNeuraCryptKey.Combine.SUM),
                KeySource.seeded(seed + 1));
        NeuraCryptBreak.Result c = attack(cnc.apply(54321), cnc, aux, originals, config);
        assertThat(c.reidentification().wilson().lower()).as("Color-NeuraCrypt re-identification %s", c.stages()).isGreaterThan(3 * c.chance());
    }

    private static NeuraCryptBreak.Result attack(ShuffledTokenEncoder owner, LongFunction<ShuffledTokenEncoder> fresh, INDArray aux, INDArray originals,
                                                 NeuraCryptBreak.Config config) {
        int n = (int) originals.size(0);
        INDArray encoded = Nd4j.concat(0, owner.encode(originals.get(NDArrayIndex.interval(0, 30)).dup()),
                owner.encode(originals.get(NDArrayIndex.interval(30, 60)).dup()));
        int[] truth = KeySource.permutation(n, new SplittableRandom(3));
        INDArray published = Nd4j.pullRows(encoded.reshape('c', n, -1), 1, truth).reshape('c', encoded.shape());
        for (int j = 0; j < n; j++) {
            assertThat(TestImages.maxAbsDiff(published.get(NDArrayIndex.point(j)), encoded.get(NDArrayIndex.point(truth[j])))).isZero();
        }
        return NeuraCryptBreak.run(fresh, aux, originals, published, truth, 4, config, TrainingCheckpoints.NONE, null);
    }

    /**
     * Images made of a few random blobs near the centre on a plain background, as objects sit in emoji and Fashion-MNIST
     * images: smooth, varied in brightness and contrast, in [0, 1] on the 8-bit grid.
     */
    static INDArray smoothImages(int n, int c, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * c * size * size];
        for (int i = 0; i < n; i++) {
            double[][] blobs = new double[4][];
            for (int b = 0; b < 4; b++) blobs[b] = new double[]{size * (0.25 + 0.5 * rng.nextDouble()), size * (0.25 + 0.5 * rng.nextDouble()), 1.5 + 2.5 * rng.nextDouble(),
                    rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++) {
                        double s = 0.1;
                        for (double[] b : blobs) s += b[3 + ch % 3] * Math.exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (2 * b[2] * b[2]));
                        v[((i * c + ch) * size + y) * size + x] = Math.round(255 * Math.min(1, s)) / 255f;
                    }
        }
        return Nd4j.create(v, new long[]{n, c, size, size}, 'c');
    }
}
