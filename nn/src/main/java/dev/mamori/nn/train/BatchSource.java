package dev.mamori.nn.train;

import java.util.Iterator;

/**
 * Mini-batches for one epoch, in an order that is a pure function of (seed, epoch): the trainer can resume in the
 * middle of a run and see exactly the batches an uninterrupted run would have seen. The data module's loaders adapt
 * to this.
 */
public interface BatchSource {
    /** The batches of {@code epoch} (0-based) for a run with this seed. */
    Iterator<TrainBatch> epoch(int epoch, long seed);

    /** Batches per epoch. */
    long batchesPerEpoch();

    /** Examples per epoch. */
    long examples();
}
