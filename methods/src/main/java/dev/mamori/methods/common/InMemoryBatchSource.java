package dev.mamori.methods.common;

import dev.mamori.data.Batch;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.train.TrainBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A {@link BatchSource} over images held in memory (float32 [N, C, H, W] in [0, 1]) and their labels: small subsets for
 * fine-tuning and tests, decoded once. Epoch e of a run with seed s visits the examples in an order that is a pure
 * function of (s, e) when shuffling, in storage order otherwise; the last batch may be smaller.
 */
public final class InMemoryBatchSource implements BatchSource<TrainBatch> {
    private final float[] pixels;
    private final long[] imageShape;
    private final int imageLength;
    private final int[] labels;
    private final int batchSize;
    private final boolean shuffle;

    public InMemoryBatchSource(INDArray images, int[] labels, int batchSize, boolean shuffle) {
        if (images.rank() != 4) throw new IllegalArgumentException("expected images [N, C, H, W], got rank " + images.rank());
        if (images.size(0) != labels.length) {
            throw new IllegalArgumentException(images.size(0) + " images but " + labels.length + " labels");
        }
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        this.pixels = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.imageShape = new long[]{images.size(1), images.size(2), images.size(3)};
        this.imageLength = Math.toIntExact(images.size(1) * images.size(2) * images.size(3));
        this.labels = labels.clone();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    /** Collects the batches of a data-module loader's epoch (e.g. {@code DataLoader.images(ds)...build()}) in memory. */
    public static InMemoryBatchSource collect(Iterable<Batch> batches, int batchSize, boolean shuffle) {
        java.util.List<INDArray> images = new java.util.ArrayList<>();
        java.util.List<int[]> labels = new java.util.ArrayList<>();
        for (Batch b : batches) {
            images.add(b.images().castTo(DataType.FLOAT));
            labels.add(b.labels());
        }
        if (images.isEmpty()) throw new IllegalArgumentException("no batches to collect");
        int[] all = labels.stream().flatMapToInt(Arrays::stream).toArray();
        return new InMemoryBatchSource(Nd4j.concat(0, images.toArray(INDArray[]::new)), all, batchSize, shuffle);
    }

    /** The same examples with another batch size or shuffling. */
    public InMemoryBatchSource with(int newBatchSize, boolean newShuffle) {
        return new InMemoryBatchSource(images(), labels, newBatchSize, newShuffle);
    }

    /** All images as one array (a copy). */
    public INDArray images() {
        return Nd4j.create(pixels.clone(), new long[]{labels.length, imageShape[0], imageShape[1], imageShape[2]}, 'c');
    }

    public int[] labels() {
        return labels.clone();
    }

    @Override
    public Iterator<TrainBatch> epoch(int epoch, long seed) {
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(Stochastic.mix(seed, epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public TrainBatch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = Math.min(batchSize, order.length - next);
                float[] x = new float[n * imageLength];
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    int src = order[next + i];
                    System.arraycopy(pixels, src * imageLength, x, i * imageLength, imageLength);
                    y[i] = labels[src];
                }
                next += n;
                return new TrainBatch(Nd4j.create(x, new long[]{n, imageShape[0], imageShape[1], imageShape[2]}, 'c'), y);
            }
        };
    }

    @Override
    public long batchesPerEpoch() {
        return (labels.length + batchSize - 1) / batchSize;
    }

    @Override
    public long examples() {
        return labels.length;
    }
}
