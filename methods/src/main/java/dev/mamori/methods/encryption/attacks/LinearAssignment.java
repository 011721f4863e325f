package dev.mamori.methods.encryption.attacks;

import java.util.Arrays;

/**
 * The linear sum assignment problem (the Hungarian algorithm's problem), with the semantics and output format of
 * {@code scipy.optimize.linear_sum_assignment}: for an n x m cost matrix, every row (when n <= m) or every column
 * (when n > m) is assigned a distinct partner so that the total cost is minimal (or maximal); the result lists the
 * assigned pairs with row indices ascending. Solved by shortest augmenting paths with potentials, one row at a time
 * (Jonker-Volgenant style, the algorithm scipy uses after Crouse, "On implementing 2D rectangular assignment
 * algorithms", IEEE TAES 2016): O(n^2 m). Ties are broken as scipy breaks them (columns scanned from the last, a free
 * column preferred among equally short paths), so a constant matrix gives the identity.
 */
public final class LinearAssignment {
    private LinearAssignment() {}

    /** An optimal assignment: {@code rows[k]} is assigned {@code columns[k]}; rows ascending. */
    public record Result(int[] rows, int[] columns, double cost) {
        /** For a square problem: the column of each row (row i gets columns()[i]). */
        public int[] columnOfRow() {
            return columns.clone();
        }
    }

    /** Minimises the total cost; cost is [n][m], finite. */
    public static Result minimize(double[][] cost) {
        return solve(cost, false);
    }

    /** Maximises the total (e.g. a similarity); cost is [n][m], finite. */
    public static Result maximize(double[][] cost) {
        return solve(cost, true);
    }

    /** As {@link #minimize(double[][])} for a row-major float matrix [rows][cols]. */
    public static Result minimize(float[] cost, int rows, int cols) {
        return solve(toDouble(cost, rows, cols), false);
    }

    /** As {@link #maximize(double[][])} for a row-major float matrix [rows][cols]. */
    public static Result maximize(float[] cost, int rows, int cols) {
        return solve(toDouble(cost, rows, cols), true);
    }

    private static double[][] toDouble(float[] cost, int rows, int cols) {
        if (cost.length != rows * cols) throw new IllegalArgumentException("cost has " + cost.length + " entries; expected " + rows + " x " + cols);
        double[][] c = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) c[i][j] = cost[i * cols + j];
        return c;
    }

    private static Result solve(double[][] input, boolean maximize) {
        int n = input.length;
        int m = n == 0 ? 0 : input[0].length;
        for (double[] row : input) {
            if (row.length != m) throw new IllegalArgumentException("cost matrix rows differ in length");
            for (double v : row) if (!Double.isFinite(v)) throw new IllegalArgumentException("cost matrix has a non-finite entry");
        }
        if (n == 0 || m == 0) return new Result(new int[0], new int[0], 0);
        boolean transpose = m < n;
        int nr = transpose ? m : n, nc = transpose ? n : m;
        double[] c = new double[nr * nc];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double v = maximize ? -input[i][j] : input[i][j];
                if (transpose) c[j * nc + i] = v;
                else c[i * nc + j] = v;
            }
        }
        int[] col4row = solveRows(c, nr, nc);
        int[] rows = new int[nr], cols = new int[nr];
        if (transpose) {
            Integer[] order = new Integer[nr];
            for (int i = 0; i < nr; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Integer.compare(col4row[a], col4row[b]));
            for (int k = 0; k < nr; k++) {
                rows[k] = col4row[order[k]];
                cols[k] = order[k];
            }
        } else {
            for (int i = 0; i < nr; i++) {
                rows[i] = i;
                cols[i] = col4row[i];
            }
        }
        double total = 0;
        for (int k = 0; k < nr; k++) total += input[rows[k]][cols[k]];
        return new Result(rows, cols, total);
    }

    /** Assigns every one of nr <= nc rows a distinct column; returns the column of each row. */
    private static int[] solveRows(double[] cost, int nr, int nc) {
        double[] u = new double[nr], v = new double[nc], shortest = new double[nc];
        int[] path = new int[nc], col4row = new int[nr], row4col = new int[nc], remaining = new int[nc];
        boolean[] sr = new boolean[nr], sc = new boolean[nc];
        Arrays.fill(path, -1);
        Arrays.fill(col4row, -1);
        Arrays.fill(row4col, -1);
        for (int curRow = 0; curRow < nr; curRow++) {
            // shortest augmenting path from curRow (Dijkstra on reduced costs)
            double minVal = 0;
            int i = curRow, sink = -1, numRemaining = nc;
            for (int it = 0; it < nc; it++) remaining[it] = nc - it - 1;
            Arrays.fill(sr, false);
            Arrays.fill(sc, false);
            Arrays.fill(shortest, Double.POSITIVE_INFINITY);
            while (sink == -1) {
                int index = -1;
                double lowest = Double.POSITIVE_INFINITY;
                sr[i] = true;
                int base = i * nc;
                for (int it = 0; it < numRemaining; it++) {
                    int j = remaining[it];
                    double r = minVal + cost[base + j] - u[i] - v[j];
                    if (r < shortest[j]) {
                        path[j] = i;
                        shortest[j] = r;
                    }
                    if (shortest[j] < lowest || (shortest[j] == lowest && row4col[j] == -1)) {
                        lowest = shortest[j];
                        index = it;
                    }
                }
                minVal = lowest;
                if (minVal == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("cost matrix is infeasible");
                int j = remaining[index];
                if (row4col[j] == -1) sink = j;
                else i = row4col[j];
                sc[j] = true;
                remaining[index] = remaining[--numRemaining];
            }
            // update the dual variables
            u[curRow] += minVal;
            for (int r = 0; r < nr; r++) if (sr[r] && r != curRow) u[r] += minVal - shortest[col4row[r]];
            for (int j = 0; j < nc; j++) if (sc[j]) v[j] -= minVal - shortest[j];
            // augment along the path
            int j = sink;
            while (true) {
                int r = path[j];
                row4col[j] = r;
                int t = col4row[r];
                col4row[r] = j;
                j = t;
                if (r == curRow) break;
            }
        }
        return col4row;
    }
}
