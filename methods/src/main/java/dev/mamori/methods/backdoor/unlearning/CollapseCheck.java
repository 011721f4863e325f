package dev.mamori.methods.backdoor.unlearning;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether an edit erased classes, judged from the defender's samples only: per class, the mean probability that the
 * model gives the true class on that class's clean rows, unedited against edited, where every row's edited probability
 * comes from the edit fitted on the other folds (cross-fitting: a class's few samples cannot hide its collapse by
 * having been fitted). A class is collapsed when its mean true-class probability falls by at least the threshold.
 *
 * @param before    per class, mean true-class probability of the unedited layer (NaN when the class has no sample)
 * @param after     per class, the same for the cross-fitted edit
 * @param threshold the fall that counts as a collapse
 * @param collapsed the collapsed classes
 */
public record CollapseCheck(double[] before, double[] after, double threshold, List<Integer> collapsed) {

    static CollapseCheck of(int[] labels, double[][] probabilitiesBefore, double[][] probabilitiesAfter, int numClasses, double threshold) {
        double[] b = meanTrueClass(labels, probabilitiesBefore, numClasses), a = meanTrueClass(labels, probabilitiesAfter, numClasses);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) if (!Double.isNaN(b[c]) && b[c] - a[c] >= threshold) out.add(c);
        return new CollapseCheck(b, a, threshold, List.copyOf(out));
    }

    /** Per class, the mean over its rows of the probability of the true class (NaN when there are none). */
    static double[] meanTrueClass(int[] labels, double[][] probabilities, int numClasses) {
        double[] sum = new double[numClasses], count = new double[numClasses];
        for (int i = 0; i < labels.length; i++) {
            sum[labels[i]] += probabilities[i][labels[i]];
            count[labels[i]]++;
        }
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) out[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        return out;
    }

    public boolean any() {
        return !collapsed.isEmpty();
    }
}
