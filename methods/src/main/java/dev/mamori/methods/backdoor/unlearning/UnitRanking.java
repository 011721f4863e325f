package dev.mamori.methods.backdoor.unlearning;

import java.util.Arrays;

/**
 * The units of a layer's input ranked by how far the trigger moves them relative to clean data: for unit j over the
 * samples i, score_j = |mean_i(t_ij - a_ij)| / (std_i(a_ij) + eps), the mean shift between a triggered sample's
 * activation t and its clean counterpart's a, in units of the clean spread (eps = 1e-3 of the mean clean spread, so a
 * unit that is silent on clean data and fires under the trigger ranks first).
 *
 * @param order  unit indices, most moved first
 * @param scores the score of every unit, by unit index
 */
public record UnitRanking(int[] order, double[] scores) {

    public static UnitRanking of(double[][] clean, double[][] triggered) {
        int n = clean.length;
        if (n == 0 || triggered.length != n) throw new IllegalArgumentException("need as many triggered as clean activations, at least one");
        int d = clean[0].length;
        double[] shift = new double[d], mean = new double[d], sd = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                shift[j] += triggered[i][j] - clean[i][j];
                mean[j] += clean[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            shift[j] /= n;
            mean[j] /= n;
        }
        for (double[] row : clean) for (int j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        double meanSd = 0;
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / Math.max(1, n - 1));
            meanSd += sd[j] / d;
        }
        double eps = 1e-3 * meanSd + 1e-12;
        double[] scores = new double[d];
        for (int j = 0; j < d; j++) scores[j] = Math.abs(shift[j]) / (sd[j] + eps);
        Integer[] idx = new Integer[d];
        for (int j = 0; j < d; j++) idx[j] = j;
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        return new UnitRanking(Arrays.stream(idx).mapToInt(Integer::intValue).toArray(), scores);
    }

    /**
     * Units made of several columns (a convolution's input channel owns its kernel taps): a unit's score is the mean of
     * its columns' scores.
     */
    public UnitRanking grouped(ReadingLayer layer) {
        int units = layer.units();
        if (units == scores.length) return this;
        double[] s = new double[units];
        for (int u = 0; u < units; u++) {
            int[] cols = layer.columnsOf(u);
            for (int c : cols) s[u] += scores[c] / cols.length;
        }
        Integer[] idx = new Integer[units];
        for (int j = 0; j < units; j++) idx[j] = j;
        Arrays.sort(idx, (a, b) -> Double.compare(s[b], s[a]));
        return new UnitRanking(Arrays.stream(idx).mapToInt(Integer::intValue).toArray(), s);
    }

    /** The weight columns of the {@code k} most moved units, ascending. */
    public int[] topColumns(int k, ReadingLayer layer) {
        int[] units = top(k);
        return Arrays.stream(units).flatMap(u -> Arrays.stream(layer.columnsOf(u))).sorted().toArray();
    }

    /** The {@code k} most moved units, ascending by index. */
    public int[] top(int k) {
        if (k < 1 || k > order.length) throw new IllegalArgumentException("cannot take " + k + " of " + order.length + " units");
        int[] t = Arrays.copyOf(order, k);
        Arrays.sort(t);
        return t;
    }

    public int units() {
        return order.length;
    }
}
