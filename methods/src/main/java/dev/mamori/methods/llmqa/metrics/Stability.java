package dev.mamori.methods.llmqa.metrics;

import dev.mamori.methods.llmqa.Sentiment;

import java.util.List;

/**
 * Measures over repeated answers: {@code answers.get(i)} are the answers to item i over repeats of the same query
 * (every item must have the same number of repeats, at least 2 for agreement and kappa). INVALID counts as a category
 * of its own.
 */
public final class Stability {
    private static final int CATEGORIES = Sentiment.values().length;

    private Stability() {}

    /** The fraction of items whose repeats all gave the same answer. */
    public static double allAgree(List<List<Sentiment>> answers) {
        if (answers.isEmpty()) return Double.NaN;
        long same = answers.stream().filter(a -> a.stream().distinct().count() == 1).count();
        return (double) same / answers.size();
    }

    /**
     * Mean pairwise agreement (Fleiss' P-bar): for each item, the fraction of ordered pairs of repeats that agree,
     * averaged over items.
     */
    public static double pairwiseAgreement(List<List<Sentiment>> answers) {
        int[][] counts = counts(answers);
        return meanItemAgreement(counts, repeats(answers));
    }

    /** Mean Shannon entropy (bits) of each item's answer distribution over repeats; 0 for a deterministic system. */
    public static double meanLabelEntropy(List<List<Sentiment>> answers) {
        if (answers.isEmpty()) return Double.NaN;
        double sum = 0;
        for (int[] row : counts(answers)) {
            int n = 0;
            for (int c : row) n += c;
            for (int c : row) if (c > 0) sum -= (double) c / n * Math.log((double) c / n) / Math.log(2);
        }
        return sum / answers.size();
    }

    /** Fleiss' kappa treating the repeats as raters (the categories are the four answers, INVALID included). */
    public static double fleissKappa(List<List<Sentiment>> answers) {
        return fleissKappa(counts(answers));
    }

    /**
     * Fleiss' kappa (Fleiss 1971) of a table {@code counts[item][category]} where every row sums to the same number of
     * raters n >= 2. kappa = (P-bar - P_e) / (1 - P_e); P_e = sum_j p_j^2 with p_j the share of all ratings in category j.
     * When every rating falls in one category (P_e = 1) kappa is undefined: NaN.
     */
    public static double fleissKappa(int[][] counts) {
        if (counts.length == 0) return Double.NaN;
        int n = 0;
        for (int c : counts[0]) n += c;
        if (n < 2) throw new IllegalArgumentException("Fleiss' kappa needs at least 2 ratings an item, found " + n);
        int k = counts[0].length;
        double[] p = new double[k];
        for (int[] row : counts) {
            int sum = 0;
            for (int j = 0; j < k; j++) {
                sum += row[j];
                p[j] += row[j];
            }
            if (sum != n) throw new IllegalArgumentException("every item needs the same number of ratings (" + n + "), found " + sum);
        }
        double pe = 0;
        for (int j = 0; j < k; j++) {
            p[j] /= (double) counts.length * n;
            pe += p[j] * p[j];
        }
        double pBar = meanItemAgreement(counts, n);
        return pe >= 1 ? Double.NaN : (pBar - pe) / (1 - pe);
    }

    /** The fraction of answers that are INVALID. */
    public static double invalidRate(List<Sentiment> answers) {
        if (answers.isEmpty()) return Double.NaN;
        return (double) answers.stream().filter(a -> a == Sentiment.INVALID).count() / answers.size();
    }

    /** Largest minus smallest of a list of accuracies (the spread over a factor's settings). */
    public static double spread(List<Double> accuracies) {
        if (accuracies.isEmpty()) return Double.NaN;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double a : accuracies) {
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        return hi - lo;
    }

    private static double meanItemAgreement(int[][] counts, int n) {
        if (counts.length == 0) return Double.NaN;
        if (n < 2) throw new IllegalArgumentException("agreement needs at least 2 repeats, found " + n);
        double sum = 0;
        for (int[] row : counts) {
            double s = 0;
            for (int c : row) s += (double) c * (c - 1);
            sum += s / ((double) n * (n - 1));
        }
        return sum / counts.length;
    }

    private static int repeats(List<List<Sentiment>> answers) {
        return answers.isEmpty() ? 0 : answers.get(0).size();
    }

    static int[][] counts(List<List<Sentiment>> answers) {
        int[][] out = new int[answers.size()][CATEGORIES];
        int n = repeats(answers);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).size() != n) throw new IllegalArgumentException("item " + i + " has " + answers.get(i).size() + " repeats, item 0 has " + n);
            for (Sentiment s : answers.get(i)) out[i][s.ordinal()]++;
        }
        return out;
    }
}
