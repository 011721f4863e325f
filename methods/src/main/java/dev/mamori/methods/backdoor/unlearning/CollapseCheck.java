package dev.mamori.methods.backdoor.unlearning;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether an edit erased classes, judged from the defender's samples only: per class, the accuracy on its clean rows
 * of the unedited model against that of the edit cross-fitted without those rows (each row predicted by an edit
 * fitted on the other folds, so a class's few samples cannot hide the collapse by having been fitted). A class is
 * collapsed when its accuracy falls by at least the threshold.
 *
 * @param before    per class, accuracy of the unedited layer on the clean rows (NaN when the class has no sample)
 * @param after     per class, cross-fitted accuracy of the edit
 * @param threshold the drop that counts as a collapse
 * @param collapsed the collapsed classes
 */
public record CollapseCheck(double[] before, double[] after, double threshold, List<Integer> collapsed) {

    static CollapseCheck of(int[] labels, int[] beforePredictions, int[] afterPredictions, int numClasses, double threshold) {
        double[] b = perClass(labels, beforePredictions, numClasses), a = perClass(labels, afterPredictions, numClasses);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) if (!Double.isNaN(b[c]) && b[c] - a[c] >= threshold) out.add(c);
        return new CollapseCheck(b, a, threshold, List.copyOf(out));
    }

    /** Per class, the fraction of rows of that class predicted as it (NaN when there are none). */
    static double[] perClass(int[] labels, int[] predictions, int numClasses) {
        double[] right = new double[numClasses], total = new double[numClasses];
        for (int i = 0; i < labels.length; i++) {
            total[labels[i]]++;
            if (predictions[i] == labels[i]) right[labels[i]]++;
        }
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) out[c] = total[c] == 0 ? Double.NaN : right[c] / total[c];
        return out;
    }

    public boolean any() {
        return !collapsed.isEmpty();
    }
}
