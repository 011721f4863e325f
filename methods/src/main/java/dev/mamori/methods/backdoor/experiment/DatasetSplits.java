package dev.mamori.methods.backdoor.experiment;

import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.InMemoryBatchSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dataset in memory, split for the experiment: the attacker's training images (poisoned later), the defender's pool
 * of unseen clean samples, and the evaluation images. The pool is drawn from the test split and the evaluation images
 * are the rest of it, so the defender's samples were never trained on and never evaluated on. The pool is ordered
 * round-robin over the classes (in a seeded order), so that the first n samples of it are as balanced as n allows and
 * the sample sizes are nested (the 10 samples are among the 50, which are among the 100).
 */
public record DatasetSplits(String name, List<String> classes, INDArray trainImages, int[] trainLabels, INDArray poolImages, int[] poolLabels,
                            INDArray evalImages, int[] evalLabels) {

    public int numClasses() {
        return classes.size();
    }

    public int channels() {
        return (int) trainImages.size(1);
    }

    public int size() {
        return (int) trainImages.size(2);
    }

    /** The first {@code n} pool samples. */
    public DefenseSamples samples(int n) {
        if (n > poolLabels.length) throw new IllegalArgumentException("asked for " + n + " samples; the pool holds " + poolLabels.length);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return new DefenseSamples(Poisoning.rows(poolImages, idx), Arrays.copyOf(poolLabels, n), numClasses());
    }

    /**
     * Opens {@code dataset}: {@code trainSubset} training images (0 = all), a pool of {@code poolSize} test images and at
     * most {@code evalSubset} of the other test images (0 = all), each drawn with {@code seed}.
     */
    public static DatasetSplits open(String dataset, int trainSubset, int poolSize, int evalSubset, long seed, PrintStream log) throws IOException {
        ImageData data = ImageData.open(dataset, trainSubset, 0, seed, log);
        InMemoryBatchSource train = collect(data.train());
        InMemoryBatchSource test = collect(data.test());
        return split(data.name(), data.classes(), train.images(), train.labels(), test.images(), test.labels(), poolSize, evalSubset, seed);
    }

    /** The split of test images into a class-balanced pool and evaluation images (see the class comment). */
    public static DatasetSplits split(String name, List<String> classes, INDArray trainImages, int[] trainLabels, INDArray testImages, int[] testLabels,
                                      int poolSize, int evalSubset, long seed) {
        int n = testLabels.length, k = classes.size();
        if (poolSize < 1 || poolSize >= n) throw new IllegalArgumentException("pool of " + poolSize + " samples from " + n + " test images");
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) byClass.add(new ArrayList<>());
        int[] order = shuffled(n, rng);
        for (int i : order) byClass.get(testLabels[i]).add(i);
        int[] classOrder = shuffled(k, rng);
        List<Integer> pool = new ArrayList<>();
        int[] next = new int[k];
        while (pool.size() < poolSize) {
            boolean any = false;
            for (int c : classOrder) {
                if (pool.size() == poolSize) break;
                if (next[c] < byClass.get(c).size()) {
                    pool.add(byClass.get(c).get(next[c]++));
                    any = true;
                }
            }
            if (!any) break;
        }
        boolean[] inPool = new boolean[n];
        for (int i : pool) inPool[i] = true;
        List<Integer> rest = new ArrayList<>();
        for (int i : order) if (!inPool[i]) rest.add(i);
        if (evalSubset > 0 && evalSubset < rest.size()) rest = rest.subList(0, evalSubset);
        int[] restIdx = rest.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] poolIdx = pool.stream().mapToInt(Integer::intValue).toArray();
        return new DatasetSplits(name, List.copyOf(classes), trainImages, trainLabels, Poisoning.rows(testImages, poolIdx), pick(testLabels, poolIdx),
                Poisoning.rows(testImages, restIdx), pick(testLabels, restIdx));
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = v[idx[i]];
        return out;
    }

    @SuppressWarnings("unchecked")
    static InMemoryBatchSource collect(Dataset<? extends LabeledImage> ds) {
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images((Dataset<LabeledImage>) ds).batchSize(512).shuffle(false).build()) {
            return InMemoryBatchSource.collect(loader.epoch(0), 512, false);
        }
    }
}
