package dev.mamori.methods.backdoor.unlearning;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RidgeEditTest {

    private static double[][] random(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) for (int j = 0; j < cols; j++) r[j] = rng.nextGaussian();
        return m;
    }

    /** y = (W + D) x + b for a planted D on the columns S: a small lambda recovers D; other columns stay. */
    @Test
    void recoversAPlantedChangeOfTheChosenColumns() {
        SplittableRandom rng = new SplittableRandom(1);
        int in = 6, out = 3, m = 40;
        double[][] w = random(rng, out, in), x = random(rng, m, in);
        double[] b = {0.1, -0.2, 0.3};
        int[] units = {1, 4};
        double[][] planted = new double[out][in];
        for (int o = 0; o < out; o++) for (int u : units) planted[o][u] = rng.nextGaussian();
        double[][] y = new double[m][out];
        for (int i = 0; i < m; i++) for (int o = 0; o < out; o++) {
            double s = b[o];
            for (int j = 0; j < in; j++) s += (w[o][j] + planted[o][j]) * x[i][j];
            y[i][o] = s;
        }
        double[] ones = new double[m];
        java.util.Arrays.fill(ones, 1);
        double[][] edited = RidgeEdit.solve(w, b, x, y, ones, units, 1e-9);
        for (int o = 0; o < out; o++) for (int j = 0; j < in; j++) assertThat(edited[o][j]).isCloseTo(w[o][j] + planted[o][j], within(1e-5));
    }

    @Test
    void primalAndDualFormsAgree() {
        SplittableRandom rng = new SplittableRandom(2);
        int in = 30, out = 4;
        double[][] w = random(rng, out, in);
        double[] b = new double[out];
        int[] all = new int[in];
        for (int j = 0; j < in; j++) all[j] = j;
        // 12 rows < 30 units: dual; the same rows with 10 units: primal; compare with the dual on 10 units of 12 rows copied 3 times
        double[][] x = random(rng, 12, in), y = random(rng, 12, out);
        double[] ones = new double[12];
        java.util.Arrays.fill(ones, 1);
        double[][] dual = RidgeEdit.solve(w, b, x, y, ones, all, 0.05);
        // the primal on the same problem: duplicate nothing, but give a tiny extra row weight 0 rows to reach m >= k
        double[][] x2 = new double[40][], y2 = new double[40][];
        double[] w2 = new double[40];
        for (int i = 0; i < 40; i++) {
            x2[i] = i < 12 ? x[i] : random(rng, 1, in)[0];
            y2[i] = i < 12 ? y[i] : random(rng, 1, out)[0];
            w2[i] = i < 12 ? 1 : 0;
        }
        double[][] primal = RidgeEdit.solve(w, b, x2, y2, w2, all, 0.05);
        for (int o = 0; o < out; o++) for (int j = 0; j < in; j++) assertThat(primal[o][j]).isCloseTo(dual[o][j], within(1e-8));
    }

    @Test
    void rowsAlreadyOnTargetChangeNothingAndLambdaIsScaleFree() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] w = random(rng, 2, 5), x = random(rng, 8, 5);
        double[] b = {1, 2};
        double[][] y = LayerProblem.outputs(w, b, x);
        double[] ones = new double[8];
        java.util.Arrays.fill(ones, 1);
        int[] units = {0, 2, 3};
        double[][] same = RidgeEdit.solve(w, b, x, y, ones, units, 0.1);
        for (int o = 0; o < 2; o++) for (int j = 0; j < 5; j++) assertThat(same[o][j]).isCloseTo(w[o][j], within(1e-12));
        // scaling the activations by 10 (and W by 1/10) gives the same outputs after the edit
        double[][] y2 = random(rng, 8, 2);
        double[][] e1 = RidgeEdit.solve(w, b, x, y2, ones, units, 0.3);
        double[][] xs = new double[8][5], ws = new double[2][5];
        for (int i = 0; i < 8; i++) for (int j = 0; j < 5; j++) xs[i][j] = 10 * x[i][j];
        for (int o = 0; o < 2; o++) for (int j = 0; j < 5; j++) ws[o][j] = w[o][j] / 10;
        double[][] e2 = RidgeEdit.solve(ws, b, xs, y2, ones, units, 0.3);
        double[][] o1 = LayerProblem.outputs(e1, b, x), o2 = LayerProblem.outputs(e2, b, xs);
        for (int i = 0; i < 8; i++) for (int o = 0; o < 2; o++) assertThat(o2[i][o]).isCloseTo(o1[i][o], within(1e-9));
    }

    @Test
    void badInputsAreErrors() {
        double[][] w = {{1, 2}};
        assertThatThrownBy(() -> RidgeEdit.solve(w, new double[1], new double[0][], new double[0][], new double[0], new int[]{0}, 1))
                .hasMessageContaining("no rows");
        assertThatThrownBy(() -> RidgeEdit.solve(w, new double[1], new double[][]{{1, 1}}, new double[][]{{1}}, new double[]{1}, new int[]{0}, 0))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> RidgeEdit.solve(w, new double[1], new double[][]{{1, 1}}, new double[][]{{1}}, new double[]{-1}, new int[]{0}, 1))
                .hasMessageContaining("row weight");
    }
}
