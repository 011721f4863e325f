package dev.mamori.methods.attacks;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** FAB's L-inf projection onto a hyperplane inside the box [0, 1]^n. */
class FabProjectionTest {

    @Test
    void handWorkedCases() {
        // x + y = 1.2 from (0.5, 0.5): both coordinates move by 0.1
        assertThat(FabProjection.linf(new double[]{0.5, 0.5}, new double[]{1, 1}, 1.2)).containsExactly(new double[]{0.1, 0.1}, within(1e-12));
        // only x matters: x = 0.7
        assertThat(FabProjection.linf(new double[]{0.5, 0.5}, new double[]{1, 0}, 0.7)).containsExactly(new double[]{0.2, 0}, within(1e-12));
        // x + y = 1.8 from (0.9, 0.1): x stops at 1, y goes on to 0.8
        assertThat(FabProjection.linf(new double[]{0.9, 0.1}, new double[]{1, 1}, 1.8)).containsExactly(new double[]{0.1, 0.7}, within(1e-12));
        // the other side and a negative weight: x - y = -0.4 from (0.5, 0.5)
        assertThat(FabProjection.linf(new double[]{0.5, 0.5}, new double[]{1, -1}, -0.4)).containsExactly(new double[]{-0.2, 0.2}, within(1e-12));
        // unreachable inside the box (x + y = 3): the nearest corner
        assertThat(FabProjection.linf(new double[]{0.5, 0.25}, new double[]{1, 1}, 3)).containsExactly(new double[]{0.5, 0.75}, within(1e-12));
    }

    /** The primitive merge sort gives the order of a stable sort by Double.compare (ties, -0.0 and 0.0 included). */
    @Test
    void ascendingOrderIsTheStableSortOrder() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int n : new int[]{1, 2, 3, 7, 64, 784, 1000}) {
            double[] keys = new double[n];
            // a few distinct values, as in images with flat regions (many ties), and both zeros
            double[] values = {0.0, -0.0, 1.0, 0.25, 0.5, 1e-9, 0.75};
            for (int i = 0; i < n; i++) keys[i] = rnd.nextInt(4) == 0 ? rnd.nextDouble() : values[rnd.nextInt(values.length)];
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = i;
            java.util.Arrays.sort(boxed, java.util.Comparator.comparingDouble(i -> keys[i])); // stable
            int[] want = new int[n];
            for (int i = 0; i < n; i++) want[i] = boxed[i];
            assertThat(FabProjection.ascendingOrder(keys)).as("n = " + n).containsExactly(want);
        }
    }

    /** On random problems: the result is in the box, on the hyperplane, and no grid point of the box beats it. */
    @Test
    void feasibleAndMinimalOnRandomProblems() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2;
            double[] t = {rnd.nextDouble(), rnd.nextDouble()};
            double[] w = {rnd.nextDouble(-1, 1), rnd.nextDouble(-1, 1)};
            double[] z = {rnd.nextDouble(), rnd.nextDouble()}; // a point of the box on the plane: the plane is reachable
            double b = w[0] * z[0] + w[1] * z[1];
            double[] d = FabProjection.linf(t, w, b);
            double onPlane = 0, size = 0;
            for (int i = 0; i < n; i++) {
                assertThat(t[i] + d[i]).isBetween(-1e-12, 1 + 1e-12);
                onPlane += w[i] * (t[i] + d[i]);
                size = Math.max(size, Math.abs(d[i]));
            }
            assertThat(onPlane).as("trial " + trial).isCloseTo(b, within(1e-9));
            // brute force over the plane inside the box: no point is closer in L-inf (grid along x)
            double bestGrid = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= 4000; k++) {
                double x = k / 4000.0, y = (b - w[0] * x) / w[1];
                if (y < 0 || y > 1) continue;
                bestGrid = Math.min(bestGrid, Math.max(Math.abs(x - t[0]), Math.abs(y - t[1])));
            }
            if (Double.isFinite(bestGrid) && Math.abs(w[1]) > 0.05) assertThat(size).as("trial " + trial).isLessThanOrEqualTo(bestGrid + 1e-3 / Math.abs(w[1]));
        }
    }
}
