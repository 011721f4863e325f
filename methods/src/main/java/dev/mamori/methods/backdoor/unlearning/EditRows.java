package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.triggers.Trigger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rows of the edit: every sample and its shifted copies, clean and with the trigger, with their labels and their
 * cross-validation fold (by sample: a sample's copies share its fold, so no held-out row has a copy in training).
 *
 * @param clean     [rows, C, H, W]: the samples, then their copies (copy j of sample i at n + i * copies + j)
 * @param triggered the same rows with the trigger
 */
record EditRows(INDArray clean, INDArray triggered, int[] labels, int[] fold, int folds, int numClasses) {

    static EditRows of(DefenseSamples s, Trigger trigger, UnlearningOptions o, SplittableRandom rng) {
        int n = s.size();
        int folds = Math.min(o.folds, n);
        int[] sampleFold = stratifiedFolds(s.labels(), folds, rng);
        INDArray images = s.images();
        int copies = o.augmentCopies;
        INDArray all = copies > 0 ? Nd4j.concat(0, images, ShiftedCopies.of(images, copies, o.maxShift, rng)) : images;
        int rows = n * (1 + copies);
        int[] labels = new int[rows], fold = new int[rows];
        for (int r = 0; r < rows; r++) {
            int sample = r < n ? r : (r - n) / copies;
            labels[r] = s.labels()[sample];
            fold[r] = sampleFold[sample];
        }
        return new EditRows(all, trigger.apply(all), labels, fold, folds, s.numClasses());
    }

    int rows() {
        return labels.length;
    }

    /** Row indices in fold {@code f} (held) or not in it (training). */
    int[] rowsOf(int f, boolean held) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> (fold[i] == f) == held).toArray();
    }

    /** Folds by sample, stratified by class: a seeded shuffle, then a stable sort by class, then round robin. */
    static int[] stratifiedFolds(int[] labels, int folds, SplittableRandom rng) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(labels[a], labels[b]));
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) fold[order[i]] = i % folds;
        return fold;
    }
}
