package dev.mamori.nn.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;

/**
 * Batches that are a pure function of their global index: batch {@code i} of epoch {@code e} is
 * {@code draw.apply(e * batchesPerEpoch + i)}. For trainings counted in steps rather than passes over a dataset, whose
 * batches are drawn afresh (the inverse-translation U-Net's pairs, each encrypted with a key drawn for that step; the
 * patch matcher's random pairs): the draw seeds its own randomness from the index, so a run resumed from a checkpoint
 * sees exactly the batches of an uninterrupted one, and the batches before the checkpoint are never made again.
 * The trainer's seed is not used: the draw carries its own.
 *
 * @param <B> one mini-batch
 */
public final class StepBatches<B> implements BatchSource<B> {
    private final long batchesPerEpoch;
    private final long examplesPerBatch;
    private final LongFunction<B> draw;

    /**
     * @param batchesPerEpoch  batches in one epoch (a step-counted training runs one epoch of all its steps)
     * @param examplesPerBatch examples in each batch (for the examples per epoch)
     * @param draw             the batch of a global index; a pure function of it
     */
    public StepBatches(long batchesPerEpoch, long examplesPerBatch, LongFunction<B> draw) {
        if (batchesPerEpoch < 1 || examplesPerBatch < 1 || draw == null) {
            throw new IllegalArgumentException("step batches need >= 1 batch per epoch, >= 1 example per batch and a draw");
        }
        this.batchesPerEpoch = batchesPerEpoch;
        this.examplesPerBatch = examplesPerBatch;
        this.draw = draw;
    }

    @Override
    public Iterator<B> epoch(int epoch, long seed) {
        return epoch(epoch, seed, 0);
    }

    @Override
    public Iterator<B> epoch(int epoch, long seed, int first) {
        if (first < 0) throw new IllegalArgumentException("first batch must be >= 0, got " + first);
        long base = epoch * batchesPerEpoch;
        return new Iterator<>() {
            private long next = first;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch;
            }

            @Override
            public B next() {
                if (!hasNext()) throw new NoSuchElementException();
                return draw.apply(base + next++);
            }
        };
    }

    @Override
    public long batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public long examples() {
        return batchesPerEpoch * examplesPerBatch;
    }
}
