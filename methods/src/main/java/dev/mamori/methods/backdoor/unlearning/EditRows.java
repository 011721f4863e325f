package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.triggers.Trigger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of the edit: every sample and its shifted copies, clean and with each trigger, with their labels and their
 * cross-validation fold (by sample: a sample's copies share its fold, so no held-out row has a copy in training).
 * With several triggers (the trigger-unknown setting may reverse-engineer more than one form) row r pairs the clean
 * image {@code r % base} with that image under trigger {@code r / base}; the clean images are stored once.
 *
 * @param clean     [base, C, H, W]: the samples, then their copies (copy j of sample i at n + i * copies + j)
 * @param triggered [triggers * base, C, H, W]: the same images under each trigger in turn
 * @param labels    per row (length triggers * base)
 * @param fold      per row
 * @param samples   the number n of defender samples (rows 0..n-1 are the samples themselves, clean and under the first trigger)
 */
record EditRows(INDArray clean, INDArray triggered, int[] labels, int[] fold, int folds, int numClasses, int samples) {

    static EditRows of(DefenseSamples s, Trigger trigger, UnlearningOptions o, SplittableRandom rng) {
        return of(s, List.of(trigger), o, rng);
    }

    static EditRows of(DefenseSamples s, List<Trigger> triggers, UnlearningOptions o, SplittableRandom rng) {
        if (triggers.isEmpty()) throw new IllegalArgumentException("the edit needs at least one trigger");
        int n = s.size();
        int folds = Math.min(o.folds, n);
        int[] sampleFold = stratifiedFolds(s.labels(), folds, rng);
        INDArray images = s.images();
        int copies = o.augmentCopies;
        INDArray all = copies > 0 ? Nd4j.concat(0, images, ShiftedCopies.of(images, copies, o.maxShift, rng)) : images;
        int base = n * (1 + copies), rows = base * triggers.size();
        int[] labels = new int[rows], fold = new int[rows];
        for (int r = 0; r < rows; r++) {
            int b = r % base;
            int sample = b < n ? b : (b - n) / copies;
            labels[r] = s.labels()[sample];
            fold[r] = sampleFold[sample];
        }
        INDArray triggered = triggers.size() == 1 ? triggers.get(0).apply(all)
                : Nd4j.concat(0, triggers.stream().map(t -> t.apply(all)).toArray(INDArray[]::new));
        return new EditRows(all, triggered, labels, fold, folds, s.numClasses(), n);
    }

    int rows() {
        return labels.length;
    }

    /** Distinct clean images (samples and copies). */
    int base() {
        return (int) clean.size(0);
    }

    /** Row indices in fold {@code f} (held) or not in it (training). */
    int[] rowsOf(int f, boolean held) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> (fold[i] == f) == held).toArray();
    }

    /** The labels of the distinct clean images (rows 0..base-1: the samples, then their copies). */
    int[] baseLabels() {
        return Arrays.copyOf(labels, base());
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
