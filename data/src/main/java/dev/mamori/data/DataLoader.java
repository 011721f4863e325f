package dev.mamori.data;

import dev.mamori.data.transforms.ImageTransform;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches a dataset (torch.utils.data.DataLoader): batch size, seeded shuffling, drop-last, transforms with
 * reproducible randomness and background prefetch.
 *
 * <p>Each call of {@link #iterator()} runs one epoch and then advances the epoch counter, so a plain
 * {@code for (Batch b : loader)} inside an epoch loop reshuffles every epoch, and the same seed gives the same
 * sequence of orders. {@link #setEpoch} chooses the epoch of the next iterator; {@link #epoch(int)} runs a given one.
 * The order of epoch e and the random numbers each example's transform sees depend only on (seed, e, index), never
 * on thread timing.
 *
 * <p>With workers >= 1, batches are built on background daemon threads; at most {@code prefetch} batches are built
 * ahead of the consumer (bounded memory). Idle worker threads end by themselves; {@link #close()} ends them now.
 */
public final class DataLoader<E, B> implements Iterable<B>, AutoCloseable {
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final Dataset<E> dataset;
    private final Collator<? super E, B> collator;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private final ExampleTransform<E> transform;
    private int nextEpoch;
    private ThreadPoolExecutor pool;

    private DataLoader(Builder<E, B> b) {
        this.dataset = b.dataset;
        this.collator = b.collator;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        this.transform = b.transform;
    }

    /** A loader of labelled images producing {@link Batch}es ([B, C, H, W] float32 images, int labels). */
    @SuppressWarnings("unchecked")
    public static Builder<LabeledImage, Batch> images(Dataset<? extends LabeledImage> dataset) {
        return new Builder<>((Dataset<LabeledImage>) dataset, new ImageBatchCollator());
    }

    /** A loader of detection examples producing {@link DetectionBatch}es (all images must have one size). */
    public static Builder<DetectionExample, DetectionBatch> detection(Dataset<DetectionExample> dataset) {
        return new Builder<>(dataset, DetectionBatch.COLLATOR);
    }

    /** A loader of text examples producing {@link TextBatch}es. */
    public static Builder<TextExample, TextBatch> texts(Dataset<TextExample> dataset) {
        return new Builder<>(dataset, TextBatch.COLLATOR);
    }

    /** A loader of any kind of example, batched by the given collator (e.g. {@code (xs, idx) -> xs} for lists). */
    public static <E, B> Builder<E, B> of(Dataset<E> dataset, Collator<? super E, B> collator) {
        return new Builder<>(dataset, collator);
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public Dataset<E> dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The epoch the next {@link #iterator()} will run. */
    public synchronized int nextEpoch() {
        return nextEpoch;
    }

    /** Makes the next {@link #iterator()} run this epoch (torch's DistributedSampler.set_epoch). */
    public synchronized void setEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        this.nextEpoch = epoch;
    }

    /** Runs the next epoch and advances the epoch counter. */
    @Override
    public BatchIterator<B> iterator() {
        int epoch;
        synchronized (this) {
            epoch = nextEpoch++;
        }
        return new EpochIterator(epoch);
    }

    /** The batches of a given epoch (does not change the epoch counter). */
    public Iterable<B> epoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        return () -> new EpochIterator(epoch);
    }

    /** The order in which epoch {@code epoch} visits the dataset (before batching and drop-last). */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] identity = new int[dataset.size()];
            for (int i = 0; i < identity.length; i++) identity[i] = i;
            return identity;
        }
        return Seeds.permutation(dataset.size(), new SplittableRandom(Seeds.mix(seed, epoch, 0x5348_5546L)));
    }

    /** Stops the worker threads (batches not yet taken are dropped). The loader can still be iterated afterwards. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private synchronized ThreadPoolExecutor pool() {
        if (pool == null) {
            ThreadFactory daemons = r -> {
                Thread t = new Thread(r, "mamori-data-loader-" + THREAD_NUMBER.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = new ThreadPoolExecutor(workers, workers, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons);
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    private B buildBatch(int epoch, int[] indices) {
        List<E> examples = new ArrayList<>(indices.length);
        for (int index : indices) {
            E example = dataset.get(index);
            if (transform != null) {
                example = transform.apply(example, new SplittableRandom(Seeds.mix(seed, epoch, index, 0x5452_4E53L)));
            }
            examples.add(example);
        }
        return collator.collate(examples, indices);
    }

    /** An iterator over the batches of one epoch; close it when leaving early to drop prefetched batches. */
    public interface BatchIterator<B> extends Iterator<B>, AutoCloseable {
        @Override
        void close();
    }

    private final class EpochIterator implements BatchIterator<B> {
        private final int epoch;
        private final int[] order;
        private final int batches;
        private final ArrayDeque<Future<B>> inFlight = new ArrayDeque<>();
        private int submitted;
        private int taken;

        EpochIterator(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.batches = batchesPerEpoch();
            if (workers > 0) {
                while (submitted < batches && inFlight.size() < prefetch) submitNext();
            }
        }

        private int[] indicesOf(int batch) {
            int from = batch * batchSize;
            int to = Math.min(from + batchSize, order.length);
            int[] idx = new int[to - from];
            System.arraycopy(order, from, idx, 0, idx.length);
            return idx;
        }

        private void submitNext() {
            int[] idx = indicesOf(submitted++);
            inFlight.add(pool().submit(() -> buildBatch(epoch, idx)));
        }

        @Override
        public boolean hasNext() {
            return taken < batches;
        }

        @Override
        public B next() {
            if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " has only " + batches + " batches");
            int batch = taken++;
            if (workers == 0) return buildBatch(epoch, indicesOf(batch));
            Future<B> head = Objects.requireNonNull(inFlight.poll());
            if (submitted < batches) submitNext();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for batch " + batch, e);
            } catch (CancellationException e) {
                throw new IllegalStateException("the loader was closed while batch " + batch + " was being built", e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) throw re;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException("building batch " + batch + " of epoch " + epoch + " failed", cause);
            }
        }

        @Override
        public void close() {
            for (Future<B> f : inFlight) f.cancel(true);
            inFlight.clear();
            taken = batches;
        }
    }

    /** Options of a {@link DataLoader}; defaults as torch's: batch 1, no shuffle, keep the last partial batch. */
    public static final class Builder<E, B> {
        private final Dataset<E> dataset;
        private final Collator<? super E, B> collator;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private int workers = 1;
        private int prefetch = 4;
        private ExampleTransform<E> transform;

        private Builder(Dataset<E> dataset, Collator<? super E, B> collator) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            this.collator = Objects.requireNonNull(collator, "collator");
        }

        public Builder<E, B> batchSize(int batchSize) {
            if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Visit the examples in a new random order every epoch (derived from the seed and the epoch). */
        public Builder<E, B> shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of the shuffling and of the transforms' random numbers (default 0). */
        public Builder<E, B> seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Drop the last batch when it is smaller than the batch size. */
        public Builder<E, B> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Background threads building batches (default 1); 0 builds each batch in the caller's thread. */
        public Builder<E, B> workers(int workers) {
            if (workers < 0) throw new IllegalArgumentException("workers must be >= 0, got " + workers);
            this.workers = workers;
            return this;
        }

        /** How many batches may be built ahead of the consumer, all workers together (default 4). */
        public Builder<E, B> prefetch(int batches) {
            if (batches <= 0) throw new IllegalArgumentException("prefetch must be > 0, got " + batches);
            this.prefetch = batches;
            return this;
        }

        /** Applied to each example before collation, with an RNG seeded from (seed, epoch, index). Replaces any set before. */
        public Builder<E, B> transform(ExampleTransform<E> transform) {
            this.transform = transform;
            return this;
        }

        /**
         * Applied to the image of each example (the examples must be {@link LabeledImage}s, as with
         * {@link DataLoader#images}); the rest of the example is kept. Replaces any transform set before.
         */
        @SuppressWarnings("unchecked")
        public Builder<E, B> imageTransform(ImageTransform imageTransform) {
            Objects.requireNonNull(imageTransform, "imageTransform");
            this.transform = (example, rng) -> {
                if (!(example instanceof LabeledImage li)) {
                    throw new IllegalStateException("imageTransform needs LabeledImage examples, got "
                            + (example == null ? "null" : example.getClass().getName()));
                }
                return (E) li.withImage(imageTransform.apply(li.image(), rng));
            };
            return this;
        }

        public DataLoader<E, B> build() {
            return new DataLoader<>(this);
        }
    }
}
