package dev.mamori.eval.metrics;

import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrechetDistanceTest {

    /** For commuting (here diagonal) covariances the distance is |mu1 - mu2|^2 + sum (sigma1 - sigma2)^2. */
    @Test
    void diagonalGaussiansHaveTheClosedForm() {
        FrechetDistance.Gaussian a = new FrechetDistance.Gaussian(new double[]{0, 1, 2}, diag(1, 4, 9), 10);
        FrechetDistance.Gaussian b = new FrechetDistance.Gaussian(new double[]{1, 1, 0}, diag(4, 4, 1), 10);
        double want = (1 + 0 + 4) + (1 + 0 + 4);
        assertThat(FrechetDistance.of(a, b)).isCloseTo(want, within(1e-9));
        assertThat(FrechetDistance.of(a, a)).isCloseTo(0, within(1e-9));
    }

    /** Rotating both Gaussians by one orthogonal matrix changes nothing (non-commuting covariances included). */
    @Test
    void isInvariantUnderAJointRotation() {
        double c = Math.cos(0.7), s = Math.sin(0.7);
        double[][] r = {{c, -s}, {s, c}};
        double[][] s1 = {{2, 0.5}, {0.5, 1}}, s2 = {{1, -0.3}, {-0.3, 3}};
        FrechetDistance.Gaussian a = new FrechetDistance.Gaussian(new double[]{0, 1}, s1, 5), b = new FrechetDistance.Gaussian(new double[]{2, -1}, s2, 5);
        FrechetDistance.Gaussian ra = new FrechetDistance.Gaussian(mul(r, new double[]{0, 1}), rotate(r, s1), 5);
        FrechetDistance.Gaussian rb = new FrechetDistance.Gaussian(mul(r, new double[]{2, -1}), rotate(r, s2), 5);
        double d = FrechetDistance.of(a, b);
        assertThat(FrechetDistance.of(ra, rb)).isCloseTo(d, within(1e-9));
        assertThat(d).isGreaterThan(8);   // the mean term alone is 4 + 4
    }

    @Test
    void samplesOfOneDistributionAreCloseAndOfAnotherFar() {
        SplittableRandom rng = new SplittableRandom(1);
        INDArray x = RandomArrays.normal(rng, 0, 1, 4000, 3), y = RandomArrays.normal(rng, 0, 1, 4000, 3), z = RandomArrays.normal(rng, 1, 2, 4000, 3);
        assertThat(FrechetDistance.of(x, y)).isLessThan(0.02);
        assertThat(FrechetDistance.of(x, z)).isCloseTo(3 * 1 + 3 * 1, within(0.3));
    }

    private static double[][] diag(double... v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) m[i][i] = v[i];
        return m;
    }

    private static double[] mul(double[][] r, double[] v) {
        return new double[]{r[0][0] * v[0] + r[0][1] * v[1], r[1][0] * v[0] + r[1][1] * v[1]};
    }

    private static double[][] rotate(double[][] r, double[][] s) {
        double[][] out = new double[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) for (int l = 0; l < 2; l++) out[i][j] += r[i][k] * s[k][l] * r[j][l];
        return out;
    }
}
