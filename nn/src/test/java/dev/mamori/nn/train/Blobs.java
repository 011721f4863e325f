package dev.mamori.nn.train;

import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A linearly separable toy problem: {@code classes} Gaussian blobs in 8 dimensions (centre 2 * e_class, noise 0.5),
 * served in mini-batches whose order is a pure function of (seed, epoch), as the Trainer requires.
 */
final class Blobs implements BatchSource<TrainBatch> {
    static final int FEATURES = 8;
    private final float[][] x;
    private final int[] y;
    private final int batch;

    Blobs(long dataSeed, int n, int classes, int batch) {
        SplittableRandom rng = new SplittableRandom(dataSeed);
        x = new float[n][FEATURES];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int f = 0; f < FEATURES; f++) {
                x[i][f] = (float) ((f == y[i] ? 2.0 : 0.0) + 0.5 * gaussian(rng));
            }
        }
        this.batch = batch;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Override
    public Iterator<TrainBatch> epoch(int epoch, long seed) {
        int n = y.length;
        int[] order = shuffledOrder(n, new SplittableRandom(seed * 1_000_003L + epoch));
        List<TrainBatch> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batch) {
            int size = Math.min(batch, n - start);
            float[] flat = new float[size * FEATURES];
            int[] labels = new int[size];
            for (int b = 0; b < size; b++) {
                System.arraycopy(x[order[start + b]], 0, flat, b * FEATURES, FEATURES);
                labels[b] = y[order[start + b]];
            }
            batches.add(new TrainBatch(Nd4j.create(flat, new long[]{size, FEATURES}, 'c'), labels));
        }
        return batches.iterator();
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), for the test batch sources. */
    static int[] shuffledOrder(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public long batchesPerEpoch() {
        return (y.length + batch - 1) / batch;
    }

    @Override
    public long examples() {
        return y.length;
    }
}
