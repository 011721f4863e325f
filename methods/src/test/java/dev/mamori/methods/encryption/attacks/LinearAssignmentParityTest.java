package dev.mamori.methods.encryption.attacks;

import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assignment solver against scipy's linear_sum_assignment on fixture wave2/hungarian, and against brute force. */
class LinearAssignmentParityTest {

    @Test
    void squareAndRectangularMatchScipy() {
        OracleFixture f = OracleFixture.load("wave2/hungarian");
        LinearAssignment.Result square = LinearAssignment.minimize(matrix(f.tensor("cost")));
        assertThat(square.rows()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(square.columns()).containsExactly(TestImages.ints(f.tensor("col_ind")));
        assertThat(square.cost()).isCloseTo(f.tensor("min_cost").getDouble(0), org.assertj.core.data.Offset.offset(f.atol()));
        assertThat(square.cost()).isLessThan(f.tensor("second_best_cost").getDouble(0));

        LinearAssignment.Result rect = LinearAssignment.minimize(matrix(f.tensor("rect.cost")));
        assertThat(rect.rows()).containsExactly(TestImages.ints(f.tensor("rect.row_ind")));
        assertThat(rect.columns()).containsExactly(TestImages.ints(f.tensor("rect.col_ind")));
        assertThat(rect.cost()).isCloseTo(f.tensor("rect.min_cost").getDouble(0), org.assertj.core.data.Offset.offset(f.atol()));
        // the wide form (the transpose) assigns the same pairs
        LinearAssignment.Result wide = LinearAssignment.minimize(transpose(matrix(f.tensor("rect.cost"))));
        assertThat(wide.rows()).containsExactly(0, 1, 2, 3, 4);
        for (int k = 0; k < 5; k++) {
            int column = wide.rows()[k], row = wide.columns()[k];
            int at = java.util.Arrays.stream(rect.columns()).boxed().toList().indexOf(column);
            assertThat(rect.rows()[at]).as("row assigned to column %d", column).isEqualTo(row);
        }
        assertThat(wide.cost()).isCloseTo(rect.cost(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void randomProblemsMatchBruteForceAndMaximizeIsMinimizeOfTheNegation() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rng.nextInt(6), m = 1 + rng.nextInt(6);
            double[][] c = new double[n][m];
            for (double[] row : c) for (int j = 0; j < m; j++) row[j] = rng.nextInt(20) - 5;
            LinearAssignment.Result r = LinearAssignment.minimize(c);
            assertThat(r.rows().length).isEqualTo(Math.min(n, m));
            assertThat(r.cost()).isEqualTo(bruteForce(c));
            double[][] neg = new double[n][m];
            for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) neg[i][j] = -c[i][j];
            assertThat(LinearAssignment.maximize(neg).cost()).isEqualTo(-r.cost());
            for (int k = 1; k < r.rows().length; k++) assertThat(r.rows()[k]).isGreaterThan(r.rows()[k - 1]);
        }
    }

    @Test
    void aConstantMatrixGivesTheIdentityAndBadInputIsRefused() {
        assertThat(LinearAssignment.minimize(new double[4][4]).columns()).containsExactly(0, 1, 2, 3);
        assertThatThrownBy(() -> LinearAssignment.minimize(new double[][]{{0, Double.NaN}, {1, 2}})).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> LinearAssignment.minimize(new double[][]{{0, 1}, {1}})).hasMessageContaining("differ in length");
    }

    private static double bruteForce(double[][] c) {
        int n = c.length, m = c[0].length;
        if (n > m) return bruteForce(transpose(c));
        return best(c, 0, new boolean[m]);
    }

    private static double best(double[][] c, int row, boolean[] used) {
        if (row == c.length) return 0;
        double b = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            b = Math.min(b, c[row][j] + best(c, row + 1, used));
            used[j] = false;
        }
        return b;
    }

    private static double[][] matrix(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double[][] transpose(double[][] c) {
        double[][] t = new double[c[0].length][c.length];
        for (int i = 0; i < c.length; i++) for (int j = 0; j < c[0].length; j++) t[j][i] = c[i][j];
        return t;
    }
}
