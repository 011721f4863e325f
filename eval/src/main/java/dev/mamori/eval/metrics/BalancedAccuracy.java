package dev.mamori.eval.metrics;

/**
 * Balanced accuracy: the mean over classes of each class's recall (scikit-learn's balanced_accuracy_score), so that
 * on an unbalanced test set every class counts equally and always predicting the largest class scores 1 / classes.
 * Classes with no example in the labels are left out of the mean (as scikit-learn does). The interval is a percentile
 * bootstrap over examples ({@link BootstrapInterval}, seeded, so reproducible).
 */
public final class BalancedAccuracy {
    private BalancedAccuracy() {}

    /** The point value: mean recall over the classes present in {@code labels}. */
    public static double value(int[] predicted, int[] labels, int numClasses) {
        ConfusionMatrix cm = ConfusionMatrix.of(predicted, labels, numClasses);
        double sum = 0;
        int present = 0;
        for (int c = 0; c < numClasses; c++) {
            long n = cm.trueClassTotal(c);
            if (n == 0) continue;
            sum += (double) cm.count(c, c) / n;
            present++;
        }
        return sum / present;
    }

    /** The value with a 95% bootstrap interval (2,000 resamples of the examples, seeded). */
    public static Estimate of(int[] predicted, int[] labels, int numClasses, long seed) {
        Labels.check("labels", labels, numClasses);
        Labels.checkSameLength("predictions", predicted, "labels", labels.length);
        Labels.check("predictions", predicted, numClasses);
        double[] indices = new double[labels.length];
        for (int i = 0; i < indices.length; i++) indices[i] = i;
        int[] p = new int[labels.length], y = new int[labels.length];
        return BootstrapInterval.of(indices, sample -> {
            for (int i = 0; i < sample.length; i++) {
                p[i] = predicted[(int) sample[i]];
                y[i] = labels[(int) sample[i]];
            }
            return value(p, y, numClasses);
        }, BootstrapInterval.DEFAULT_RESAMPLES, Confidence.DEFAULT, seed);
    }
}
